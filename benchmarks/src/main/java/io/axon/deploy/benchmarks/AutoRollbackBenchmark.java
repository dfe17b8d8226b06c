package io.axon.deploy.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast a bad canary is caught and rolled back with nobody watching, seen from outside, and
 * whether healthy canaries are left alone. Executions go through the gateway at a steady rate
 * (open loop). Each run deploys a canary at 10% of a version whose {@code charge} node fails 30% of
 * its executions, held at a pause so that only a rollback can end it, and measures the time from the
 * first failing execution of that version coming back to the first execution sent after the last one
 * the bad version served (from then on all traffic is on the stable version). Then a healthy canary
 * (the same noise as its stable version) goes 10% → 50% → 100%; a rollback of it is counted.
 * Sets up what it needs through the HTTP API of a suite already running: workflow {@code --workflow},
 * and the environment's automatic rollback policy (an error_rate trigger).
 */
@Command(name = "auto-rollback", mixinStandardHelpOptions = true,
    description = "Time from a bad canary's first failing execution to all traffic back on the stable version")
public final class AutoRollbackBenchmark implements Callable<Integer> {
  @Option(names = "--gateway", required = true, description = "the gateway's base URL (http://127.0.0.1:8080)")
  String gateway;

  @Option(names = "--token", required = true, description = "an admin token")
  String token;

  @Option(names = "--runs", description = "bad canaries, and as many healthy ones (default ${DEFAULT-VALUE})")
  int runs = 20;

  @Option(names = "--rate", description = "executions a second through the gateway (default ${DEFAULT-VALUE})")
  int rate = 200;

  @Option(names = "--noise", description = "the share of executions every version fails, the stable one too (default ${DEFAULT-VALUE})")
  double noise = 0.01;

  @Option(names = "--environment", description = "(default ${DEFAULT-VALUE})")
  String environment = "development";

  @Option(names = "--workflow", description = "(default ${DEFAULT-VALUE})")
  String workflow = "checkout";

  /** One execution: when it was sent and answered (System.nanoTime), the version that ran it, and whether it failed. */
  private record Sample(long sent, long answered, String version, boolean failed) {
  }

  private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
  private Vertx vertx;
  private WebClient api;
  private URI base;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AutoRollbackBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    vertx = Vertx.vertx();
    base = URI.create(gateway);
    api = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    try {
      setUp();
      long timer = drive();
      Thread.sleep(3_000);
      List<Double> caught = new ArrayList<>();
      int healthyRolledBack = 0;
      int badNotRolledBack = 0;
      for (int run = 1; run <= runs; run++) {
        String bad = "1." + run + ".1";
        String healthy = "1." + run + ".2";
        double ms = badCanary(bad);
        if (ms < 0) {
          badNotRolledBack++;
        } else {
          caught.add(ms);
        }
        String end = healthyCanary(healthy);
        if (!"succeeded".equals(end)) {
          healthyRolledBack++;
        }
        System.out.printf(Locale.ROOT, "run %2d: bad canary %s back on the stable version in %s; healthy canary %s %s (load %s)%n",
            run, bad, ms < 0 ? "-" : String.format(Locale.ROOT, "%.0f ms", ms), healthy, end, loadAverage());
      }
      vertx.cancelTimer(timer);
      report(caught, badNotRolledBack, healthyRolledBack);
      return badNotRolledBack == 0 && healthyRolledBack == 0 ? 0 : 1;
    } finally {
      vertx.close().await();
    }
  }

  private void setUp() {
    expect(201, send(HttpMethod.POST, "/api/v1/workflows", new JsonObject().put("key", workflow).put("name", "Checkout")));
    publish("1.0.0", noise);
    for (int run = 1; run <= runs; run++) {
      publish("1." + run + ".1", 0.3);
      publish("1." + run + ".2", noise);
    }
    HttpResponse<Buffer> current = send(HttpMethod.GET, "/api/v1/environments/" + environment, null);
    JsonObject representation = current.bodyAsJsonObject();
    representation.getJsonObject("restrictions").put("rollbackPolicy", new JsonObject()
        .put("automatic", new JsonObject().put("enabled", true).put("timeout", 5_000).put("triggers", new JsonArray()
            .add(new JsonObject().put("type", "error_rate").put("threshold", 0.05).put("duration", 1_000).put("minSamples", 10))))
        .put("manual", new JsonObject().put("enabled", true).put("approvalRequired", false)));
    expect(200, api.request(HttpMethod.PUT, base.getPort(), base.getHost(), "/api/v1/environments/" + environment)
        .bearerTokenAuthentication(token).putHeader("If-Match", current.getHeader("ETag"))
        .sendJsonObject(representation).await());
    String id = deploy("1.0.0", "immediate");
    awaitStatus(id, 60_000);
  }

  /** A steady stream of executions, one every {@code 1000 / rate} ms, each recorded. */
  private long drive() {
    Buffer body = new JsonObject().put("input", new JsonObject().put("orderId", "B1")).toBuffer();
    String path = "/api/v1/environments/" + environment + "/workflows/" + workflow + "/executions";
    return vertx.setPeriodic(Math.max(1, 1000 / rate), t -> {
      long sent = System.nanoTime();
      api.post(base.getPort(), base.getHost(), path).bearerTokenAuthentication(token).sendBuffer(body)
          .onSuccess(answer -> samples.add(new Sample(sent, System.nanoTime(), answer.getHeader("X-Axon-Version"),
              answer.statusCode() != 200)))
          .onFailure(e -> samples.add(new Sample(sent, System.nanoTime(), null, true)));
    });
  }

  /** Ms from the bad version's first failure to the first execution sent after its last one; -1 when never rolled back. */
  private double badCanary(String version) throws InterruptedException {
    samples.clear();
    String id = deploy(version, heldCanary());
    String end = awaitStatus(id, 30_000);
    Thread.sleep(1_000); // executions in flight come back
    List<Sample> all = List.copyOf(samples);
    long firstFailure = all.stream().filter(s -> version.equals(s.version()) && s.failed()).mapToLong(Sample::answered)
        .min().orElse(Long.MAX_VALUE);
    long lastServed = all.stream().filter(s -> version.equals(s.version())).mapToLong(Sample::sent).max().orElse(Long.MIN_VALUE);
    long restored = all.stream().filter(s -> s.sent() > lastServed).mapToLong(Sample::sent).min().orElse(Long.MAX_VALUE);
    if (!"rolled_back".equals(end) || firstFailure == Long.MAX_VALUE || restored == Long.MAX_VALUE) {
      return -1;
    }
    return (restored - firstFailure) / 1e6;
  }

  private String healthyCanary(String version) {
    JsonObject strategy = new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10)).add(new JsonObject().put("pause", new JsonObject().put("duration", 4_000)))
        .add(new JsonObject().put("setWeight", 50)).add(new JsonObject().put("pause", new JsonObject().put("duration", 2_000))));
    return awaitStatus(deploy(version, strategy), 60_000);
  }

  private static JsonObject heldCanary() {
    return new JsonObject().put("type", "canary").put("steps", new JsonArray()
        .add(new JsonObject().put("setWeight", 10)).add(new JsonObject().put("pause", new JsonObject())));
  }

  private String deploy(String version, Object strategy) {
    HttpResponse<Buffer> accepted = send(HttpMethod.POST, "/api/v1/environments/" + environment + "/deployments",
        new JsonObject().put("workflow", workflow).put("version", version).put("strategy", strategy).put("reason", "benchmark"));
    expect(202, accepted);
    return accepted.bodyAsJsonObject().getString("id");
  }

  /** Polls the deployment until it ends (or waits for a promote, which only a rollback ends here); its status then. */
  private String awaitStatus(String id, long ms) {
    long deadline = System.currentTimeMillis() + ms;
    String status;
    do {
      status = send(HttpMethod.GET, "/api/v1/deployments/" + id, null).bodyAsJsonObject().getString("status");
    } while (!List.of("succeeded", "failed", "rolled_back", "aborted").contains(status)
        && System.currentTimeMillis() < deadline && pause(20));
    return status;
  }

  private void publish(String version, double failing) {
    expect(201, send(HttpMethod.POST, "/api/v1/workflows/" + workflow + "/versions", new JsonObject().put("version", version)
        .put("force", true).put("title", version).put("definition", definition(version, failing))));
    expect(200, send(HttpMethod.POST, "/api/v1/workflows/" + workflow + "/versions/" + version + "/publish", new JsonObject()));
  }

  private static JsonObject definition(String marker, double failing) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "charge").put("type", "fail")
                .put("config", new JsonObject().put("probability", failing).put("message", "card declined")))
            .add(new JsonObject().put("id", "answer").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("status", "ok").put("variant", marker)))))
        .put("connections", new JsonArray()
            .add(new JsonObject().put("id", "c1").put("from", "start").put("to", "charge"))
            .add(new JsonObject().put("id", "c2").put("from", "charge").put("to", "answer")));
  }

  private void report(List<Double> caught, int badNotRolledBack, int healthyRolledBack) {
    double[] sorted = caught.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.println();
    System.out.printf("%d runs at %d executions/s, 1 s evaluation interval, error_rate trigger (0.05 over 1000 ms, 10 samples)%n",
        runs, rate);
    System.out.println("| measure | median | worst |");
    System.out.println("| --- | ---: | ---: |");
    if (sorted.length > 0) {
      double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
      System.out.printf(Locale.ROOT, "| first failing execution of the bad canary → 100%% of traffic on the stable version (ms) | %.0f | %.0f |%n",
          median, sorted[sorted.length - 1]);
    }
    System.out.printf("bad canaries not rolled back: %d of %d%n", badNotRolledBack, runs);
    System.out.printf("healthy canaries rolled back: %d of %d%n", healthyRolledBack, runs);
    System.out.println("all: " + Arrays.toString(Arrays.stream(sorted).mapToLong(Math::round).toArray()));
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "-";
    }
  }

  private static boolean pause(long ms) {
    try {
      Thread.sleep(ms); // the main thread, never an event loop
      return true;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    var request = api.request(method, base.getPort(), base.getHost(), path).bearerTokenAuthentication(token).timeout(30_000);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.await();
  }

  private static void expect(int status, HttpResponse<Buffer> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.bodyAsString());
    }
  }
}
