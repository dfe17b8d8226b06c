package io.axon.deploy.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code axon-standalone.jar} started as its own process with the given environment (and
 * nothing inherited from the build's AXON_ settings); its output goes to a file the test reads.
 * Whoever starts one ends it by its PID ({@link #close}).
 */
final class JarProcess implements AutoCloseable {
  private final Process process;
  private final Path output;

  private JarProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static JarProcess start(String name, Map<String, String> env) throws IOException {
    String jar = System.getProperty("axon.jar", "target/axon-standalone.jar");
    Path output = Files.createDirectories(Path.of("target", "jar-processes")).resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-jar", jar));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("AXON_"));
    builder.environment().put("AXON_ENGINE_BASE_PORT", "0"); // never the ports a developer's own suite may hold
    builder.environment().putAll(env);
    return new JarProcess(builder.start(), output);
  }

  /** Waits for the process to end by itself and returns its exit status. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the process did not end within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Waits until a line of the output contains {@code text}, failing if the process ends first. */
  void awaitOutput(String text, Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (output().contains(text)) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the process ended (status " + process.exitValue() + ") before printing '" + text + "':\n" + output());
      }
      Thread.sleep(100); // the test thread polls a file; no event loop waits here
    }
    throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + output());
  }

  /** Sends SIGTERM. */
  void terminate() {
    process.destroy();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> lines() {
    return output().lines().toList();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
