package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Service mains started as their own JVMs from the test class path, each with only the AXON_
 * settings given and its output in {@code target/<directory>/<name>.log}; ended by their PIDs.
 */
final class ClusterProcesses implements AutoCloseable {
  private final Path logs;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final java.util.Set<String> suspended = new java.util.HashSet<>();

  ClusterProcesses(String directory) {
    this.logs = Path.of("target", directory);
  }

  /**
   * What every process of one test's cluster shares: the database, a cluster of its own on loopback,
   * the gateway's port, the admin token, the audit key and the secrets key. A map to add to.
   */
  static Map<String, String> settings(String database, int httpPort, String token) {
    return new java.util.HashMap<>(Map.of(
        "AXON_PG_URL", RunningSuite.pgUrl(database),
        "AXON_CLUSTER_NAME", "axon-test-" + java.util.UUID.randomUUID(),
        "AXON_CLUSTER_HOST", "127.0.0.1",
        "AXON_CLUSTER_MEMBERS", "127.0.0.1",
        "AXON_CLUSTER_PORT", Integer.toString(RunningSuite.freePort()),
        "AXON_HTTP_HOST", "127.0.0.1",
        "AXON_HTTP_PORT", Integer.toString(httpPort),
        "AXON_ADMIN_TOKEN", token,
        "AXON_AUDIT_KEY_FILE", io.axon.deploy.common.testing.TestDatabase.auditKeyFile(database).toString(),
        "AXON_SECRETS_KEY_FILE", io.axon.deploy.common.testing.TestDatabase.secretsKeyFile(database).toString()));
  }

  void start(String name, Class<?> main, Map<String, String> env) throws IOException {
    Path log = Files.createDirectories(logs).resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx192m", "-XX:TieredStopAtLevel=1", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-opens", "java.management/sun.management=ALL-UNNAMED",
        "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("AXON_"));
    builder.environment().putAll(env);
    processes.put(name, builder.start());
  }

  /** The operating system's id of the process started as {@code name}. */
  long pid(String name) {
    return processes.get(name).pid();
  }

  /** Waits until the output of {@code name} has a line containing {@code text} (such as the line saying it started). */
  void awaitOutput(String name, String text, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    Path log = logs.resolve(name + ".log");
    while (!Files.readString(log).contains(text)) {
      assertThat(processes.get(name).isAlive()).as(name + " exited; see " + log).isTrue();
      assertThat(Instant.now()).as("'" + text + "' in " + log).isBefore(deadline);
      Thread.sleep(100); // the test thread polls a file; no event loop waits here
    }
  }

  /** Kills {@code name} with SIGKILL, as a crash would, and waits for it to be gone. */
  void kill(String name) throws InterruptedException {
    processes.remove(name).destroyForcibly().waitFor();
  }

  /** Ends {@code name} with SIGTERM, as an orderly shutdown does, and waits for it to be gone. */
  void stop(String name) throws InterruptedException {
    Process process = processes.remove(name);
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /**
   * Stops {@code name} with SIGSTOP, by its PID: it stays alive, holds its connections and sockets, and
   * does nothing until {@link #resume}.
   */
  void suspend(String name) throws IOException, InterruptedException {
    signal(name, "STOP");
    suspended.add(name);
  }

  /** Lets a suspended process go on (SIGCONT, by its PID). */
  void resume(String name) throws IOException, InterruptedException {
    signal(name, "CONT");
    suspended.remove(name);
  }

  private void signal(String name, String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(processes.get(name).pid()))
        .redirectErrorStream(true).start();
    assertThat(kill.waitFor()).as("kill -" + signal + " " + name).isZero();
  }

  /** Waits until the gateway on {@code port} is ready: PostgreSQL and the services answer it across the cluster. */
  void awaitReady(WebClient http, int port) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    String last = "no answer";
    while (Instant.now().isBefore(deadline)) {
      processes.forEach((name, process) ->
          assertThat(process.isAlive()).as(name + " exited; see " + logs.resolve(name + ".log")).isTrue());
      try {
        HttpResponse<Buffer> ready = http.get(port, "127.0.0.1", "/ready").timeout(5_000).send().await();
        if (ready.statusCode() == 200) {
          return;
        }
        last = ready.bodyAsString();
      } catch (Exception notYet) { // connection refused until the gateway listens
        last = notYet.toString();
      }
      Thread.sleep(250); // the test thread polls; no event loop waits here
    }
    throw new AssertionError("the clustered suite did not become ready: " + last);
  }

  @Override
  public void close() throws InterruptedException {
    for (String name : List.copyOf(suspended)) { // a stopped process would not act on SIGTERM
      try {
        resume(name);
      } catch (IOException e) {
        processes.get(name).destroyForcibly();
      }
    }
    processes.values().forEach(Process::destroy);
    for (Process process : processes.values()) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    processes.clear();
  }
}
