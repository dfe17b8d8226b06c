package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Try it" walkthrough, run as written against the real jar on a fresh database: the
 * suite started the way the README starts it, then every command of the walkthrough pasted in
 * order into bash, each of which must succeed (curl with --fail-with-body: any 4xx or 5xx stops it).
 * Only the port and the database differ, so that the test never meets a suite already running.
 */
class ReadmeWalkthroughIT {

  @Test
  void theWalkthroughRunsAsWrittenAgainstTheSuite() throws Exception {
    String readme = Files.readString(Path.of(System.getProperty("axon.readme", "../README.md")));
    List<String> blocks = shellBlocks(section(readme, "## Try it"));
    assertThat(blocks).as("the walkthrough's sh blocks").hasSizeGreaterThanOrEqualTo(2);
    Map<String, String> env = startCommand(blocks.get(0));
    String database = RunningSuite.newDatabaseName();
    int port = RunningSuite.freePort();
    env.put("AXON_PG_URL", RunningSuite.pgUrl(database));
    env.put("AXON_HTTP_PORT", Integer.toString(port));
    env.put("AXON_HTTP_HOST", "127.0.0.1");
    try (JarProcess suite = JarProcess.start("readme", env)) {
      suite.awaitOutput("Axon Deploy is up", Duration.ofSeconds(90));
      for (String block : blocks.subList(1, blocks.size())) {
        String script = "set -eu\ncurl() { command curl --fail-with-body --show-error \"$@\"; echo; }\n"
            + block.replace("localhost:8080", "127.0.0.1:" + port);
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(bash.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as("the walkthrough stopped:\n" + output).isZero();
        assertThat(output).contains("\"version\":\"0.1.1\"").contains("\"valid\":true");
      }
    } finally {
      RunningSuite.dropDatabase(database);
    }
  }

  /** The text of a README section, up to the next heading of its level. */
  private static String section(String readme, String heading) {
    int start = readme.indexOf("\n" + heading + "\n");
    assertThat(start).as(heading).isNotNegative();
    int end = readme.indexOf("\n## ", start + heading.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  private static List<String> shellBlocks(String text) {
    List<String> blocks = new ArrayList<>();
    Matcher block = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(text);
    while (block.find()) {
      blocks.add(block.group(1));
    }
    return blocks;
  }

  /** The settings of the README's start command, {@code NAME=value ... java -jar standalone/target/axon-standalone.jar}. */
  private static Map<String, String> startCommand(String block) {
    String line = block.lines().filter(l -> l.contains("java -jar standalone/target/axon-standalone.jar")).findFirst()
        .orElseThrow(() -> new AssertionError("no start command in " + block));
    Map<String, String> env = new HashMap<>();
    Matcher setting = Pattern.compile("([A-Z_]+)=(\\S+)\\s").matcher(line.substring(0, line.indexOf("java -jar") + 1));
    while (setting.find()) {
      env.put(setting.group(1), setting.group(2));
    }
    return env;
  }
}
