package io.axon.deploy.engine.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds one cycle in a graph, iteratively (a 10,000-node chain must not overflow the stack). */
final class CycleCheck {
  private final Collection<String> nodes;
  private final Map<String, List<Edge>> outgoing;

  CycleCheck(Collection<String> nodes, Map<String, List<Edge>> outgoing) {
    this.nodes = nodes;
    this.outgoing = outgoing;
  }

  /** The nodes of a cycle, first node repeated at the end, or empty when the graph is acyclic. */
  Optional<List<String>> cycle() {
    Map<String, Integer> state = new HashMap<>(); // absent: new, 1: on the path, 2: done
    Map<String, String> parent = new HashMap<>();
    for (String root : nodes) {
      if (state.containsKey(root)) {
        continue;
      }
      Deque<Map.Entry<String, Integer>> stack = new ArrayDeque<>();
      stack.push(Map.entry(root, 0));
      state.put(root, 1);
      while (!stack.isEmpty()) {
        Map.Entry<String, Integer> top = stack.pop();
        List<Edge> edges = outgoing.getOrDefault(top.getKey(), List.of());
        if (top.getValue() >= edges.size()) {
          state.put(top.getKey(), 2);
          continue;
        }
        stack.push(Map.entry(top.getKey(), top.getValue() + 1));
        String next = edges.get(top.getValue()).to();
        Integer seen = state.get(next);
        if (seen == null) {
          state.put(next, 1);
          parent.put(next, top.getKey());
          stack.push(Map.entry(next, 0));
        } else if (seen == 1) {
          return Optional.of(path(parent, top.getKey(), next));
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> path(Map<String, String> parent, String from, String back) {
    List<String> path = new ArrayList<>();
    path.add(back);
    for (String at = from; !at.equals(back); at = parent.get(at)) {
      path.add(at);
    }
    path.add(back);
    Collections.reverse(path);
    return path;
  }
}
