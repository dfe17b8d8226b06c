package io.axon.deploy.registry.definition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Finds the cycles of a directed graph, one per back edge, by iterative depth-first search. */
public final class CycleFinder {
  /** An edge of the graph. */
  public record Edge(String from, String to) {
  }

  private static final int MAX_REPORTED = 10;

  private final Collection<String> nodes;
  private final Map<String, List<String>> successors = new HashMap<>();

  public CycleFinder(Collection<String> nodes, List<Edge> edges) {
    this.nodes = nodes;
    for (Edge edge : edges) {
      successors.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
    }
  }

  /** Each cycle as the node ids along it, its first node repeated at the end. */
  public List<List<String>> cycles() {
    List<List<String>> cycles = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the path, 2: done
    for (String root : nodes) {
      if (state.containsKey(root)) {
        continue;
      }
      Deque<String> path = new ArrayDeque<>();
      Deque<Iterator<String>> pending = new ArrayDeque<>();
      path.push(root);
      pending.push(successors.getOrDefault(root, List.of()).iterator());
      state.put(root, 1);
      while (!pending.isEmpty()) {
        Iterator<String> next = pending.peek();
        if (!next.hasNext()) {
          state.put(path.pop(), 2);
          pending.pop();
          continue;
        }
        String to = next.next();
        Integer seen = state.get(to);
        if (seen == null) {
          state.put(to, 1);
          path.push(to);
          pending.push(successors.getOrDefault(to, List.of()).iterator());
        } else if (seen == 1 && cycles.size() < MAX_REPORTED) {
          cycles.add(cycleEndingAt(path, to));
        }
      }
    }
    return cycles;
  }

  private static List<String> cycleEndingAt(Deque<String> path, String start) {
    List<String> cycle = new ArrayList<>();
    Iterator<String> fromOldest = path.descendingIterator();
    boolean inCycle = false;
    while (fromOldest.hasNext()) {
      String node = fromOldest.next();
      inCycle |= node.equals(start);
      if (inCycle) {
        cycle.add(node);
      }
    }
    cycle.add(start);
    return cycle;
  }
}
