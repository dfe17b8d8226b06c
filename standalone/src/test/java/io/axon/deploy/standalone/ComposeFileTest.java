package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.vertx.core.http.HttpServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docker-compose.yml} would run: PostgreSQL, each service in its own container and two engine
 * instances per environment, all members of one cluster that each lists the others and binds its own
 * name; one image built once, no fixed subnet, nothing published beyond the host's loopback unless
 * asked; a start order (PostgreSQL, then the registry, deployer and monitor, then the gateway, then
 * the engines) whose waits are on health checks that pass under dash (the image's /bin/sh) against a
 * running service and fail against none. {@code .ci/run} also validates it with Debian's
 * docker-compose 1.29.
 */
class ComposeFileTest extends SuiteTest {
  private static final Path COMPOSE = Path.of("..", "docker-compose.yml");

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  private static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");
  private static final Map<String, String> MAINS = Map.of(
      "registry", "io.axon.deploy.registry.RegistryMain",
      "deployer", "io.axon.deploy.deployer.DeployerMain",
      "monitor", "io.axon.deploy.monitor.MonitorMain",
      "gateway", "io.axon.deploy.gateway.GatewayMain");

  /** The engines' service names: two per environment. */
  private static List<String> engineNames() {
    return ENVIRONMENTS.stream().flatMap(env -> java.util.stream.Stream.of("engine-" + env + "-1", "engine-" + env + "-2")).toList();
  }

  /** Every container but PostgreSQL's: the members of the cluster. */
  private static Set<String> members() throws IOException {
    return services().keySet().stream().filter(name -> !name.equals("postgres")).collect(Collectors.toSet());
  }

  /** A service's environment as the container receives it, compose's defaults filled in. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) throws IOException {
    Map<String, Object> env = (Map<String, Object>) services().get(service).get("environment");
    Map<String, String> result = new TreeMap<>();
    env.forEach((name, value) -> result.put(name, interpolate(value == null ? "" : String.valueOf(value), Map.of())));
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> dependsOn(String service) throws IOException {
    Map<String, Map<String, String>> depends = (Map<String, Map<String, String>>) services().get(service).get("depends_on");
    Map<String, String> conditions = new TreeMap<>();
    if (depends == null) {
      return conditions;
    }
    depends.forEach((name, condition) -> conditions.put(name, condition.get("condition")));
    return conditions;
  }

  @Test
  void postgresqlEachServiceAndTwoEnginesPerEnvironmentHaveAContainerOfTheirOwn() throws IOException {
    Set<String> expected = new java.util.HashSet<>(MAINS.keySet());
    expected.add("postgres");
    expected.addAll(engineNames());
    assertThat(services().keySet()).containsExactlyInAnyOrderElementsOf(expected);
    for (Map.Entry<String, String> main : MAINS.entrySet()) {
      assertThat(environment(main.getKey())).as(main.getKey()).containsEntry("AXON_MAIN", main.getValue());
    }
    for (String engine : engineNames()) {
      assertThat(environment(engine)).as(engine).containsEntry("AXON_MAIN", "io.axon.deploy.engine.EngineMain");
    }
  }

  @Test
  void theImageIsBuiltOnceAndSharedByTheServices() throws IOException {
    Map<String, Map<String, Object>> services = services();
    assertThat(services.values().stream().filter(service -> service.containsKey("build"))).hasSize(1);
    for (String member : members()) {
      assertThat(services.get(member).get("image")).as(member).isEqualTo(services.get("registry").get("image"));
    }
  }

  @Test
  void everyMemberListsEveryOtherAndBindsTheClusterToItsOwnName() throws IOException {
    for (String member : members()) {
      Map<String, String> env = environment(member);
      assertThat(env).as(member).containsEntry("AXON_CLUSTER_NAME", "axon").containsEntry("AXON_CLUSTER_HOST", member);
      assertThat(Arrays.stream(env.get("AXON_CLUSTER_MEMBERS").split(",")).map(String::trim).toList())
          .as(member).containsExactlyInAnyOrderElementsOf(members());
    }
  }

  @Test
  void everyContainersSettingsAreAcceptedByTheConfigurationReader() throws IOException {
    for (String member : members()) {
      AxonConfig config = AxonConfig.from(environment(member));
      assertThat(config.cluster().host()).as(member).isEqualTo(member);
    }
  }

  @Test
  void theEnginesServeTheirEnvironmentAndAnnounceTheirOwnNameToTheOthers() throws IOException {
    Map<String, List<String>> byEnvironment = new TreeMap<>();
    Set<String> ids = new java.util.HashSet<>();
    for (String engine : engineNames()) {
      Map<String, String> env = environment(engine);
      EngineSettings settings = EngineSettings.of(AxonConfig.from(env));
      byEnvironment.computeIfAbsent(settings.environment(), key -> new ArrayList<>()).add(engine);
      assertThat(engine).startsWith("engine-" + settings.environment() + "-");
      assertThat(settings.publicHost()).as(engine).isEqualTo(engine);
      assertThat(settings.host()).as(engine + " listens beyond its container's loopback").isEqualTo("0.0.0.0");
      assertThat(ids.add(settings.instanceId())).as(engine + "'s instance id " + settings.instanceId() + " is unique").isTrue();
      assertThat(env).as(engine).containsEntry("AXON_GATEWAY_URL", "http://gateway:8080");
    }
    assertThat(byEnvironment).containsOnlyKeys(ENVIRONMENTS);
    byEnvironment.values().forEach(engines -> assertThat(engines).hasSize(2));
  }

  @Test
  void postgresqlStartsFirstThenTheRegistryDeployerAndMonitorThenTheGatewayThenTheEngines() throws IOException {
    for (String service : List.of("registry", "deployer", "monitor")) {
      assertThat(dependsOn(service)).as(service).isEqualTo(Map.of("postgres", "service_healthy"));
    }
    assertThat(dependsOn("gateway")).isEqualTo(Map.of("postgres", "service_healthy", "registry", "service_started",
        "deployer", "service_started", "monitor", "service_healthy"));
    for (String engine : engineNames()) {
      assertThat(dependsOn(engine)).as(engine).isEqualTo(Map.of("registry", "service_started",
          "deployer", "service_started", "monitor", "service_healthy", "gateway", "service_healthy"));
    }
    for (String service : services().keySet()) {
      for (Map.Entry<String, String> dependency : dependsOn(service).entrySet()) {
        if (dependency.getValue().equals("service_healthy")) {
          assertThat(services().get(dependency.getKey())).as(service + " waits for " + dependency.getKey() + "'s health check")
              .containsKey("healthcheck");
        }
      }
    }
  }

  @Test
  void postgresqlTheMonitorTheGatewayAndEveryEngineHaveAHealthCheck() throws IOException {
    List<String> checked = new ArrayList<>(List.of("postgres", "monitor", "gateway"));
    checked.addAll(engineNames());
    for (String service : checked) {
      assertThat(healthCheck(service)).as(service).isNotBlank();
    }
  }

  @Test
  void onlyTheGatewayIsPublished() throws IOException {
    assertThat(services().entrySet().stream().filter(service -> service.getValue().containsKey("ports")).map(Map.Entry::getKey))
        .containsExactly("gateway");
  }

  @Test
  void noFixedSubnetAndNoFixedAddresses() throws IOException {
    String text = Files.readString(COMPOSE).replaceAll("(?m)^\\s*#.*$", ""); // comments may speak of subnets
    assertThat(text).doesNotContain("ipam").doesNotContain("subnet").doesNotContain("ipv4_address");
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishedPortsBindTheLoopbackUnlessTheUserAsks() throws IOException {
    for (Map.Entry<String, Map<String, Object>> service : services().entrySet()) {
      for (Object port : (List<Object>) service.getValue().getOrDefault("ports", List.of())) {
        assertThat(interpolate(String.valueOf(port), Map.of())).as(service.getKey()).startsWith("127.0.0.1:");
        assertThat(interpolate(String.valueOf(port), Map.of("AXON_PUBLISH_ADDRESS", "0.0.0.0"))).startsWith("0.0.0.0:");
      }
    }
  }

  @Test
  void theGatewayHealthCheckPassesUnderDashWhenReadyAndFailsWhenNothingListens() throws Exception {
    String check = healthCheck("gateway");
    assertThat(dash(check, Map.of("AXON_HTTP_PORT", Integer.toString(suite.port())))).as(check).isZero();
    assertThat(dash(check, Map.of("AXON_HTTP_PORT", Integer.toString(RunningSuite.freePort())))).as(check).isNotZero();
  }

  @Test
  void everyEngineHealthCheckPassesUnderDashAgainstARunningEngineAndFailsWhenNothingListens() throws Exception {
    Engines.RunningEngine engine = Engines.start(suite.vertx(),
        EngineSettings.of(AxonConfig.from(Map.of("AXON_ENGINE_PORT", "0", "AXON_ENGINE_INSTANCE_ID", "compose-check")))).await();
    try {
      String running = Integer.toString(engine.instance().port());
      String nothing = Integer.toString(RunningSuite.freePort());
      for (String name : engineNames()) {
        String check = healthCheck(name);
        assertThat(dash(check, Map.of("AXON_ENGINE_PORT", running))).as(name + ": " + check).isZero();
        assertThat(dash(check, Map.of("AXON_ENGINE_PORT", nothing))).as(name + ": " + check).isNotZero();
      }
    } finally {
      engine.stop(suite.vertx()).await();
    }
  }

  @Test
  void theMonitorHealthCheckPassesUnderDashWhenTheMonitorAnswersAndFailsWhenNothingListens() throws Exception {
    int port = RunningSuite.freePort();
    io.axon.deploy.monitor.MonitorHttpVerticle.deploy(
        new io.axon.deploy.common.cluster.VertxRuntime(suite.vertx(), io.axon.deploy.common.cluster.VertxRuntime.registry()),
        io.axon.deploy.common.config.AxonConfig.from(Map.of("AXON_HTTP_HOST", "127.0.0.1",
            "AXON_MONITOR_HTTP_PORT", Integer.toString(port)))).await();
    String check = healthCheck("monitor");
    assertThat(dash(check, Map.of("AXON_MONITOR_HTTP_PORT", Integer.toString(port)))).as(check).isZero();
    assertThat(dash(check, Map.of("AXON_MONITOR_HTTP_PORT", Integer.toString(RunningSuite.freePort())))).as(check).isNotZero();
  }

  @Test
  void thePostgresqlHealthCheckPassesUnderDash() throws Exception {
    assumeThat(Path.of("/usr/bin/pg_isready")).exists();
    String check = healthCheck("postgres");
    String server = System.getenv().getOrDefault("AXON_TEST_PG_SERVER", "127.0.0.1:5432");
    assertThat(dash(check, Map.of("PGHOST", server.split(":")[0], "PGPORT", server.split(":")[1]))).as(check).isZero();
  }

  /** The CMD-SHELL command of a service's health check, as the container's shell receives it. */
  @SuppressWarnings("unchecked")
  private static String healthCheck(String service) throws IOException {
    List<String> test = (List<String>) ((Map<String, Object>) services().get(service).get("healthcheck")).get("test");
    assertThat(test.get(0)).isEqualTo("CMD-SHELL");
    return interpolate(test.get(1), Map.of());
  }

  /** Compose's own interpolation: {@code ${NAME:-default}} from the host's environment, {@code $$} for {@code $}. */
  private static String interpolate(String value, Map<String, String> env) {
    Matcher variable = Pattern.compile("\\$\\$|\\$\\{([A-Z_]+)(?::-([^}]*))?}").matcher(value);
    StringBuilder result = new StringBuilder();
    while (variable.find()) {
      String replacement = variable.group().equals("$$") ? "$"
          : env.getOrDefault(variable.group(1), variable.group(2) == null ? "" : variable.group(2));
      variable.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    variable.appendTail(result);
    return result.toString();
  }

  private static int dash(String command, Map<String, String> env) throws Exception {
    assumeThat(Path.of("/usr/bin/dash")).as("dash (.ci/run installs it)").exists();
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of("/usr/bin/dash", "-c", command))).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(command).isTrue();
    process.getInputStream().readAllBytes();
    return process.exitValue();
  }
}
