package io.axon.deploy.benchmarks;

import io.axon.deploy.registry.change.Change;
import io.axon.deploy.registry.change.ChangeDetector;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The diff of two definitions of 10,000 nodes where 1% of the nodes changed. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ChangeDetectionBenchmark {
  @Param("10000")
  int nodes;

  private final ChangeDetector detector = new ChangeDetector();
  private JsonObject before;
  private JsonObject after;

  @Setup
  public void definitions() {
    before = definition(nodes);
    after = before.copy();
    JsonArray changed = after.getJsonArray("nodes");
    int onePercent = nodes / 100;
    for (int i = 0; i < onePercent; i++) {
      int at = 1 + i * 97 % (nodes - 1);
      JsonObject node = changed.getJsonObject(at);
      switch (i % 4) {
        case 0 -> node.getJsonObject("config").put("timeoutMs", 999);
        case 1 -> node.put("typeVersion", "1.1.0");
        case 2 -> node.put("title", "Renamed " + i);
        default -> node.getJsonObject("config").getJsonObject("headers").put("X-Changed", "yes");
      }
    }
    after.getJsonObject("inputSchema").getJsonObject("properties").put("coupon", new JsonObject().put("type", "string"));
  }

  static JsonObject definition(int count) {
    JsonArray nodes = new JsonArray().add(new JsonObject().put("id", "n0").put("type", "trigger").put("typeVersion", "1.0.0"));
    JsonArray connections = new JsonArray();
    for (int i = 1; i < count; i++) {
      nodes.add(new JsonObject().put("id", "n" + i).put("type", "http").put("typeVersion", "1.0.0").put("title", "Call " + i)
          .put("position", new JsonObject().put("x", i * 10).put("y", i % 7))
          .put("config", new JsonObject().put("method", "POST").put("url", "http://127.0.0.1:9/step/" + i)
              .put("timeoutMs", 1000 + i % 50).put("headers", new JsonObject().put("X-Step", String.valueOf(i)))));
      connections.add(new JsonObject().put("id", "c" + i).put("from", "n" + (i - 1)).put("to", "n" + i));
    }
    return new JsonObject().put("nodes", nodes).put("connections", connections)
        .put("inputSchema", new JsonObject().put("type", "object")
            .put("properties", new JsonObject().put("orderId", new JsonObject().put("type", "string"))));
  }

  @Benchmark
  public List<Change> diff() {
    return detector.detect(before, after);
  }
}
