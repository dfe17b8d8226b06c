package io.axon.deploy.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How long a routing change takes to be in force on every gateway, seen from outside: executions are
 * driven without pause through each gateway (closed loops), the weights are switched to 100% on the
 * other version with {@code PUT .../routing}, and the switch time of a gateway is the time from sending
 * the PUT to sending the first execution after the last one that came back with the old
 * {@code X-Axon-Version} (from then on every execution went to the new version). A run's figure is the
 * slowest gateway's. Also reported: the PUT's own answer time, and when {@code GET /api/v1/gateways}
 * first listed the revision on every gateway (their acknowledgements, polled). Sets up what it needs
 * through the HTTP API of a suite already running: workflow {@code --workflow} with versions 1.0.0 and
 * 1.1.0, each deployed with {@code immediate}.
 */
@Command(name = "routing-switch", mixinStandardHelpOptions = true,
    description = "Time from a routing change to 100% of new executions on the new version on every gateway")
public final class RoutingSwitchBenchmark implements Callable<Integer> {
  @Option(names = "--gateway", required = true, description = "a gateway's base URL, once per gateway (http://127.0.0.1:8080)")
  List<String> gateways;

  @Option(names = "--token", required = true, description = "an admin token")
  String token;

  @Option(names = "--label", description = "the name of this arm in the report (default ${DEFAULT-VALUE})")
  String label = "suite";

  @Option(names = "--runs", description = "measured switches (default ${DEFAULT-VALUE})")
  int runs = 20;

  @Option(names = "--warmup-runs", description = "switches before measuring (default ${DEFAULT-VALUE})")
  int warmupRuns = 10;

  @Option(names = "--connections", description = "closed-loop connections per gateway (default ${DEFAULT-VALUE})")
  int connections = 2;

  @Option(names = "--settle-ms", description = "quiet time between switches, and after the last old answer (default ${DEFAULT-VALUE})")
  long settleMs = 400;

  @Option(names = "--ack-poll-ms", description = "GET /api/v1/gateways every this many ms after a PUT; 0: not polled (default ${DEFAULT-VALUE})")
  long ackPollMs = 5;

  @Option(names = "--environment", description = "(default ${DEFAULT-VALUE})")
  String environment = "development";

  @Option(names = "--workflow", description = "(default ${DEFAULT-VALUE})")
  String workflow = "switch";

  private static final List<String> VERSIONS = List.of("1.0.0", "1.1.0");

  /** One execution: when it was sent and answered (System.nanoTime), and the version that ran it (null: it failed). */
  private record Sample(long sent, long answered, String version) {
  }

  /** One measured switch. */
  record Run(double putMs, double ackMs, double[] switchMs, int oldAfterPut, long executions, String load) {
    double slowest() {
      double worst = 0;
      for (double ms : switchMs) {
        worst = Math.max(worst, ms);
      }
      return worst;
    }
  }

  private final AtomicBoolean loading = new AtomicBoolean(true);
  private final AtomicLong failures = new AtomicLong();
  private Vertx vertx;
  private WebClient api;
  private List<ConcurrentLinkedQueue<Sample>> samples;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RoutingSwitchBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    vertx = Vertx.vertx();
    api = WebClient.create(vertx);
    List<HttpClient> clients = new ArrayList<>();
    try {
      setUp();
      samples = new ArrayList<>();
      for (int g = 0; g < gateways.size(); g++) {
        samples.add(new ConcurrentLinkedQueue<>());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(connections));
        clients.add(client);
        for (int c = 0; c < connections; c++) {
          drive(client, URI.create(gateways.get(g)), samples.get(g));
        }
      }
      String live = currentVersion();
      System.out.printf("%s: %d gateway(s) %s, %d connection(s) each; warming up with %d switches%n", label, gateways.size(),
          gateways, connections, warmupRuns);
      for (int i = 0; i < warmupRuns; i++) {
        live = other(live);
        measure(live, i);
      }
      List<Run> measured = new ArrayList<>();
      System.out.printf("%s: %d measured switches%n", label, runs);
      for (int i = 0; i < runs; i++) {
        live = other(live);
        Run run = measure(live, i);
        measured.add(run);
        StringBuilder each = new StringBuilder();
        for (double ms : run.switchMs()) {
          each.append(String.format(Locale.ROOT, " %7.1f", ms));
        }
        System.out.printf(Locale.ROOT, "  run %2d -> %s  PUT answered %6.1f ms  acknowledged %6s ms  switched (per gateway)%s ms"
            + "  old answers after the PUT %d, executions %d, load %s%n", i + 1, live, run.putMs(),
            run.ackMs() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", run.ackMs()), each, run.oldAfterPut(), run.executions(),
            run.load());
      }
      report(measured);
      return 0;
    } finally {
      loading.set(false);
      clients.forEach(HttpClient::close);
      api.close();
      vertx.close().await();
    }
  }

  /** The workflow, both versions, both deployed; the instances waited for first. */
  private void setUp() throws InterruptedException {
    URI gateway = URI.create(gateways.get(0));
    long deadline = System.currentTimeMillis() + 120_000;
    while (!send(gateway, HttpMethod.GET, "/api/v1/environments/" + environment + "/instances", null).bodyAsJsonObject()
        .getJsonArray("items").stream().anyMatch(i -> "healthy".equals(((JsonObject) i).getString("status")))) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("no healthy engine instance in " + environment);
      }
      Thread.sleep(200); // the main thread, never an event loop
    }
    send(gateway, HttpMethod.POST, "/api/v1/workflows", new JsonObject().put("key", workflow).put("name", workflow));
    for (String version : VERSIONS) {
      if (send(gateway, HttpMethod.GET, "/api/v1/workflows/" + workflow + "/versions/" + version, null).statusCode() == 404) {
        expect(201, send(gateway, HttpMethod.POST, "/api/v1/workflows/" + workflow + "/versions", new JsonObject()
            .put("version", version).put("title", workflow + " " + version).put("definition", definition(version))));
      }
    }
    for (String version : VERSIONS) {
      HttpResponse<Buffer> accepted = send(gateway, HttpMethod.POST, "/api/v1/environments/" + environment + "/deployments",
          new JsonObject().put("workflow", workflow).put("version", version).put("strategy", "immediate").put("reason", "benchmark"));
      expect(202, accepted);
      String id = accepted.bodyAsJsonObject().getString("id");
      String status;
      do {
        Thread.sleep(100); // the main thread, never an event loop
        status = send(gateway, HttpMethod.GET, "/api/v1/deployments/" + id, null).bodyAsJsonObject().getString("status");
      } while (status.equals("in_progress") && System.currentTimeMillis() < deadline);
      if (!status.equals("succeeded")) {
        throw new IllegalStateException("the deployment of " + workflow + " " + version + " ended " + status);
      }
    }
  }

  /** One closed loop: an execution through {@code gateway}, and the next as soon as it is answered. */
  private void drive(HttpClient client, URI gateway, ConcurrentLinkedQueue<Sample> into) {
    if (!loading.get()) {
      return;
    }
    long sent = System.nanoTime();
    client.request(HttpMethod.POST, gateway.getPort(), gateway.getHost(),
            "/api/v1/environments/" + environment + "/workflows/" + workflow + "/executions")
        .compose(request -> request.putHeader("Authorization", "Bearer " + token).putHeader("Content-Type", "application/json")
            .send("{\"input\":{}}"))
        .compose(response -> response.body().map(body -> response.statusCode() == 200 ? response.getHeader("X-Axon-Version") : null))
        .onComplete(done -> {
          String version = done.succeeded() ? done.result() : null;
          if (version == null) {
            failures.incrementAndGet();
          }
          into.add(new Sample(sent, System.nanoTime(), version));
          drive(client, gateway, into);
        });
  }

  /** Switches every execution to {@code to} and measures it. */
  private Run measure(String to, int index) throws InterruptedException {
    String from = other(to);
    Thread.sleep(settleMs); // the main thread: executions run on, all on the old version
    samples.forEach(ConcurrentLinkedQueue::clear);
    URI through = URI.create(gateways.get(index % gateways.size()));
    long put = System.nanoTime();
    HttpResponse<Buffer> set = send(through, HttpMethod.PUT, "/api/v1/environments/" + environment + "/workflows/" + workflow + "/routing",
        new JsonObject().put("routes", new JsonArray()
            .add(new JsonObject().put("version", to).put("weight", 100))
            .add(new JsonObject().put("version", from).put("weight", 0))));
    long answered = System.nanoTime();
    expect(200, set);
    long revision = set.bodyAsJsonObject().getLong("revision");
    long acknowledged = ackPollMs > 0 ? awaitAcknowledged(through, revision) : -1;

    List<List<Sample>> seen = new ArrayList<>();
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (int g = 0; g < gateways.size(); g++) {
      seen.add(Collections.synchronizedList(new ArrayList<>()));
    }
    // until every gateway has answered only with the new version for settleMs
    while (true) {
      boolean settled = true;
      for (int g = 0; g < gateways.size(); g++) {
        for (Sample sample; (sample = samples.get(g).poll()) != null; ) {
          seen.get(g).add(sample);
        }
        long lastOld = lastOld(seen.get(g), from);
        long newest = seen.get(g).stream().filter(s -> to.equals(s.version())).mapToLong(Sample::sent).max().orElse(Long.MIN_VALUE);
        settled &= newest != Long.MIN_VALUE && newest - Math.max(lastOld, put) > settleMs * 1_000_000;
      }
      if (settled) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("a gateway still answers with " + from + " 10 s after the switch to " + to);
      }
      Thread.sleep(5); // the main thread, never an event loop
    }
    double[] switched = new double[gateways.size()];
    int oldAfterPut = 0;
    long executions = 0;
    for (int g = 0; g < gateways.size(); g++) {
      List<Sample> all = seen.get(g);
      long lastOld = lastOld(all, from);
      // the first execution sent after the last that ran on the old version: from it on, all ran on the new one
      long firstNewOnly = all.stream().mapToLong(Sample::sent).filter(sent -> sent > lastOld && sent >= put).min().orElseThrow();
      switched[g] = (firstNewOnly - put) / 1e6;
      oldAfterPut += (int) all.stream().filter(s -> s.sent() >= put && from.equals(s.version())).count();
      executions += all.size();
    }
    return new Run((answered - put) / 1e6, acknowledged < 0 ? -1 : (acknowledged - put) / 1e6, switched, oldAfterPut, executions,
        loadAverage());
  }

  /** The machine's load average over the last minute, as /proc/loadavg has it ("-" elsewhere): other work skews every figure. */
  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "-";
    }
  }

  private static long lastOld(List<Sample> samples, String from) {
    return samples.stream().filter(s -> from.equals(s.version())).mapToLong(Sample::sent).max().orElse(Long.MIN_VALUE);
  }

  /** When GET /api/v1/gateways first listed {@code revision} on every gateway (nanoTime), polled. */
  private long awaitAcknowledged(URI through, long revision) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      JsonArray items = send(through, HttpMethod.GET, "/api/v1/gateways", null).bodyAsJsonObject().getJsonArray("items");
      long now = System.nanoTime();
      boolean all = !items.isEmpty() && items.stream().allMatch(item -> ((JsonObject) item).getJsonArray("revisions").stream()
          .map(JsonObject.class::cast).anyMatch(r -> environment.equals(r.getString("environment"))
              && workflow.equals(r.getString("workflow")) && r.getLong("revision") >= revision));
      if (all) {
        return now;
      }
      Thread.sleep(ackPollMs); // the main thread, never an event loop
    }
    throw new IllegalStateException("revision " + revision + " was not acknowledged by every gateway within 10 s");
  }

  private String currentVersion() {
    JsonObject routing = send(URI.create(gateways.get(0)), HttpMethod.GET,
        "/api/v1/environments/" + environment + "/workflows/" + workflow + "/routing", null).bodyAsJsonObject();
    return routing.getJsonArray("routes").stream().map(JsonObject.class::cast).filter(r -> r.getInteger("weight") == 100)
        .map(r -> r.getString("version")).findFirst().orElse(VERSIONS.get(1));
  }

  private static String other(String version) {
    return version.equals(VERSIONS.get(0)) ? VERSIONS.get(1) : VERSIONS.get(0);
  }

  private void report(List<Run> measured) {
    System.out.println();
    System.out.printf("%s, %d gateway(s), %d switches: ms from sending the PUT%n", label, gateways.size(), measured.size());
    System.out.println("| measure | median | p90 | worst |");
    System.out.println("| --- | ---: | ---: | ---: |");
    row("PUT answered", measured.stream().mapToDouble(Run::putMs).toArray());
    if (ackPollMs > 0) {
      row("acknowledged by every gateway (GET /api/v1/gateways, polled every " + ackPollMs + " ms)",
          measured.stream().mapToDouble(Run::ackMs).toArray());
    }
    row("100% of new executions on the new version, every gateway", measured.stream().mapToDouble(Run::slowest).toArray());
    System.out.printf("executions that failed during the whole run: %d%n", failures.get());
  }

  private static void row(String what, double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    double p90 = sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)];
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", what, median, p90, sorted[sorted.length - 1]);
  }

  private HttpResponse<Buffer> send(URI gateway, HttpMethod method, String path, JsonObject body) {
    var request = api.request(method, gateway.getPort(), gateway.getHost(), path).bearerTokenAuthentication(token).timeout(30_000);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.await();
  }

  private static void expect(int status, HttpResponse<Buffer> response) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("expected " + status + ", got " + response.statusCode() + ": " + response.bodyAsString());
    }
  }

  private static JsonObject definition(String marker) {
    return new JsonObject()
        .put("nodes", new JsonArray()
            .add(new JsonObject().put("id", "start").put("type", "trigger"))
            .add(new JsonObject().put("id", "answer").put("type", "transform")
                .put("config", new JsonObject().put("set", new JsonObject().put("status", "ok").put("variant", marker)))))
        .put("connections", new JsonArray().add(new JsonObject().put("id", "c1").put("from", "start").put("to", "answer")));
  }
}
