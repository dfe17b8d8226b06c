package io.axon.deploy.benchmarks;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.common.registry.Dependency;
import io.axon.deploy.registry.dependency.DependencyResolver;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Resolution over a graph of 500 workflows with 20 published versions each; every version needs
 * up to three workflows of lower number in caret ranges, and the root needs ten.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DependencyResolutionBenchmark {
  @Param("500")
  int workflows;

  @Param("20")
  int versionsEach;

  private final DependencyResolver resolver = new DependencyResolver(NodeTypeCatalog.reference());
  private Map<String, List<Candidate>> graph;
  private List<Dependency> root;

  @Setup
  public void graph() {
    Random random = new Random(42);
    graph = new HashMap<>();
    for (int w = 0; w < workflows; w++) {
      List<Candidate> versions = new ArrayList<>();
      for (int v = 0; v < versionsEach; v++) {
        List<Dependency> needs = new ArrayList<>();
        for (int d = 0; w > 0 && d < random.nextInt(4); d++) {
          needs.add(needs("wf" + random.nextInt(w), "^" + random.nextInt(4) + ".0.0"));
        }
        versions.add(new Candidate(SemanticVersion.of(v / 5, v % 5, 0), VersionStatus.PUBLISHED, needs));
      }
      graph.put("wf" + w, versions);
    }
    root = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      root.add(needs("wf" + (workflows - 1 - random.nextInt(50)), ">=1.0.0"));
    }
  }

  private static Dependency needs(String workflow, String range) {
    return new Dependency("workflow", workflow, VersionRange.parse(range), true);
  }

  @Benchmark
  public JsonObject resolve() {
    return resolver.resolve("root", SemanticVersion.parse("1.0.0"), root, graph);
  }
}
