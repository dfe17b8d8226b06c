package io.axon.deploy.engine.run;

import io.axon.deploy.engine.plan.Edge;
import io.axon.deploy.engine.plan.WorkflowPlan;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where an execution is in its graph, without running anything: a node is ready once every
 * connection into it is decided and at least one of them carries flow; a node none of whose
 * connections carries flow is skipped, and so, in turn, is what only it leads to (a condition's
 * untaken branch). Branches that are ready together run in parallel. Not thread-safe: one
 * execution, one event loop.
 */
public final class Walk {
  private final WorkflowPlan plan;
  private final Map<String, Integer> undecided = new HashMap<>();
  private final Map<String, List<String>> activeFrom = new HashMap<>();
  private final Set<String> executed = new HashSet<>();
  private int running;

  public Walk(WorkflowPlan plan) {
    this.plan = plan;
  }

  /** The first node to run: the trigger. */
  public List<String> start() {
    running = 1;
    return List.of(plan.trigger());
  }

  /**
   * Records that {@code node} ran and left through {@code port} (null: every port, as all but
   * conditions do) and returns the nodes that became ready.
   */
  public List<String> completed(String node, String port) {
    running--;
    executed.add(node);
    List<String> ready = new ArrayList<>();
    Deque<String> skipped = new ArrayDeque<>();
    decide(node, port, true, ready, skipped);
    while (!skipped.isEmpty()) {
      decide(skipped.pop(), null, false, ready, skipped);
    }
    running += ready.size();
    return ready;
  }

  private void decide(String node, String port, boolean ran, List<String> ready, Deque<String> skipped) {
    for (Edge edge : plan.from(node)) {
      if (ran && (port == null || port.equals(edge.fromPort()))) {
        activeFrom.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(node);
      }
      int left = undecided.getOrDefault(edge.to(), plan.into(edge.to()).size()) - 1;
      undecided.put(edge.to(), left);
      if (left == 0) {
        (activeFrom.containsKey(edge.to()) ? ready : skipped).add(edge.to());
      }
    }
  }

  /** The nodes whose outputs feed {@code node}: those that ran and whose connection carried flow. */
  public List<String> sources(String node) {
    return activeFrom.getOrDefault(node, List.of());
  }

  public boolean finished() {
    return running == 0;
  }

  public boolean ran(String node) {
    return executed.contains(node);
  }
}
