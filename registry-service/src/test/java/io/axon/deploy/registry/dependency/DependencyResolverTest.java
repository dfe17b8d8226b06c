package io.axon.deploy.registry.dependency;

import io.axon.deploy.common.registry.Dependency;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.registry.dependency.DependencyResolver.Candidate;
import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyResolverTest {
  private final DependencyResolver resolver = new DependencyResolver(NodeTypeCatalog.reference());

  private static Dependency workflow(String name, String range) {
    return new Dependency("workflow", name, VersionRange.parse(range), true);
  }

  private static Candidate candidate(String version, VersionStatus status, Dependency... dependencies) {
    return new Candidate(SemanticVersion.parse(version), status, List.of(dependencies));
  }

  private static Map<String, String> resolved(JsonObject resolution) {
    Map<String, String> resolved = new java.util.TreeMap<>();
    resolution.getJsonArray("resolved").forEach(r -> resolved.put(((JsonObject) r).getJsonObject("dependency").getString("name"),
        ((JsonObject) r).getString("resolvedVersion")));
    return resolved;
  }

  @Test
  void picksTheHighestPublishedSatisfyingVersionAndFollowsItsDependencies() {
    Map<String, List<Candidate>> workflows = Map.of(
        "billing", List.of(candidate("2.1.0", VersionStatus.PUBLISHED), candidate("2.5.0", VersionStatus.DRAFT),
            candidate("2.3.0", VersionStatus.PUBLISHED, workflow("fx", "~1.1")), candidate("2.4.0", VersionStatus.ARCHIVED)),
        "fx", List.of(candidate("1.1.5", VersionStatus.DEPRECATED), candidate("1.2.0", VersionStatus.PUBLISHED)));
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"), List.of(workflow("billing", "^2.1.0")), workflows);
    assertThat(resolved(resolution)).containsExactly(Map.entry("billing", "2.3.0"), Map.entry("fx", "1.1.5"));
    assertThat(resolution.getJsonArray("warnings")).containsExactly("fx@1.1.5 is deprecated");
    assertThat(resolution.getJsonArray("conflicts")).isEmpty();
  }

  @Test
  void aDependentsNarrowerRangeMovesTheChoiceDownInsteadOfConflicting() {
    Map<String, List<Candidate>> workflows = Map.of(
        "billing", List.of(candidate("2.1.0", VersionStatus.PUBLISHED), candidate("2.9.0", VersionStatus.PUBLISHED)),
        "tax", List.of(candidate("1.0.0", VersionStatus.PUBLISHED, workflow("billing", "<2.5.0"))));
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"),
        List.of(workflow("billing", "^2.0.0"), workflow("tax", "1.x")), workflows);
    assertThat(resolved(resolution)).containsEntry("billing", "2.1.0");
  }

  @Test
  void disjointRangesAreAConflictAndUnsatisfiableOnesMissing() {
    Map<String, List<Candidate>> workflows = Map.of(
        "billing", List.of(candidate("2.1.0", VersionStatus.PUBLISHED), candidate("3.0.0", VersionStatus.PUBLISHED)),
        "tax", List.of(candidate("1.0.0", VersionStatus.PUBLISHED, workflow("billing", "^3.0.0"))));
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"), List.of(workflow("billing", "^2.0.0"), workflow("tax", "^1.0.0"),
        workflow("billing-v9", "^9.0.0"), new Dependency("node", "http", VersionRange.parse("^2.0.0"), false)), workflows);
    JsonObject conflict = resolution.getJsonArray("conflicts").getJsonObject(0);
    assertThat(conflict.getJsonArray("ranges")).containsExactly("^2.0.0", "^3.0.0");
    assertThat(conflict.getJsonArray("dependents").stream().map(d -> ((JsonObject) d).getString("dependent")))
        .containsExactly("root@1.0.0", "tax@1.0.0");
    assertThat(resolution.getJsonArray("missing").stream().map(m -> ((JsonObject) m).getString("name")))
        .containsExactly("billing-v9");
    assertThat(resolution.getJsonArray("warnings")).contains("optional node http is not available");
  }

  @Test
  void aDependencyBackOnTheRootMeetsTheRootItselfNotItsNewestVersion() {
    Map<String, List<Candidate>> workflows = Map.of(
        "root", List.of(candidate("1.0.0", VersionStatus.PUBLISHED), candidate("1.5.0", VersionStatus.PUBLISHED, workflow("billing", "^9.0.0"))),
        "a", List.of(candidate("1.0.0", VersionStatus.PUBLISHED, workflow("root", "^1.0.0"))));
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"), List.of(workflow("a", "^1.0.0")), workflows);
    assertThat(resolved(resolution)).containsEntry("root", "1.0.0");
    assertThat(resolution.getJsonArray("missing")).as("1.5.0's needs are not the root's").isEmpty();
  }

  @Test
  void aCycleThroughTheRootIsReported() {
    Map<String, List<Candidate>> workflows = Map.of(
        "a", List.of(candidate("1.0.0", VersionStatus.PUBLISHED, workflow("b", "1.x"))),
        "b", List.of(candidate("1.0.0", VersionStatus.PUBLISHED, workflow("root", "^1.0.0"))));
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"), List.of(workflow("a", "^1.0.0")), workflows);
    assertThat(resolution.getJsonArray("cycles").getJsonArray(0)).containsExactly("root", "a", "b", "root");
  }

  private static Dependency of(String type, String name, String range, boolean required) {
    return new Dependency(type, name, VersionRange.parse(range), required);
  }

  private static EnvironmentOffers.InstanceOffer instance(String id, String http) {
    return new EnvironmentOffers.InstanceOffer(id, Map.of("http", http, "trigger", "1.0.0"), Map.of("gateway", "1.0.0"),
        Map.of("vertx", "5.0.7"));
  }

  private static JsonObject missing(JsonObject resolution, String name) {
    return resolution.getJsonArray("missing").stream().map(JsonObject.class::cast)
        .filter(m -> m.getString("name").equals(name)).findFirst().orElseThrow(() -> new AssertionError(name + " is not missing"));
  }

  @Test
  void inAnEnvironmentAWorkflowDependencyResolvesOnlyToAVersionLiveThereWhateverItsStatus() {
    EnvironmentOffers development = new EnvironmentOffers("development", List.of(instance("dev-1", "1.0.0")));
    Map<String, List<Candidate>> live = Map.of(
        "billing", List.of(candidate("2.1.0", VersionStatus.PUBLISHED), candidate("2.2.0-dev.1", VersionStatus.DRAFT)),
        "tax", List.of(candidate("1.0.0", VersionStatus.PUBLISHED)));
    JsonObject resolution = resolver.resolveIn(development, "root", SemanticVersion.parse("1.0.0"), List.of(
        workflow("billing", "^2.2.0-0"), workflow("tax", "^2.0.0"), workflow("fx", "^1.0.0")), live);
    assertThat(resolution.getString("environment")).isEqualTo("development");
    assertThat(resolved(resolution)).containsExactly(Map.entry("billing", "2.2.0-dev.1"));
    assertThat(missing(resolution, "tax").getString("reason"))
        .isEqualTo("no version live in development satisfies ^2.0.0 (live there: 1.0.0)");
    assertThat(missing(resolution, "fx").getString("reason")).isEqualTo("no version of workflow fx is live in development");
  }

  @Test
  void inAnEnvironmentALiveDependencysOwnNeedsMustBeMetThereToo() {
    EnvironmentOffers development = new EnvironmentOffers("development", List.of(instance("dev-1", "1.0.0")));
    Map<String, List<Candidate>> live = Map.of("billing", List.of(candidate("2.1.0", VersionStatus.PUBLISHED,
        workflow("fx", "^1.0.0"), of("node", "http", "^1.0.0", true))));
    JsonObject resolution = resolver.resolveIn(development, "root", SemanticVersion.parse("1.0.0"),
        List.of(workflow("billing", "^2.0.0")), live);
    assertThat(resolved(resolution)).containsExactly(Map.entry("billing", "2.1.0"), Map.entry("http", "1.0.0"));
    assertThat(missing(resolution, "fx").getJsonArray("dependents").getJsonObject(0).getString("dependent"))
        .isEqualTo("billing@2.1.0");
  }

  @Test
  void inAnEnvironmentNodeServiceAndLibraryDependenciesMustBeOfferedByEveryHealthyInstance() {
    EnvironmentOffers development = new EnvironmentOffers("development",
        List.of(instance("dev-1", "1.2.0"), instance("dev-2", "1.0.0")));
    JsonObject resolution = resolver.resolveIn(development, "root", SemanticVersion.parse("1.0.0"), List.of(
        of("node", "http", "^1.0.0", true), of("service", "gateway", "^1.0.0", true), of("library", "vertx", ">=5.0.0", true),
        of("node", "kafka", "^1.0.0", true), of("node", "trigger", "^2.0.0", true), of("library", "jackson", "^2.0.0", false)),
        Map.of());
    assertThat(resolved(resolution)).as("the lowest version an instance offers")
        .containsExactly(Map.entry("gateway", "1.0.0"), Map.entry("http", "1.0.0"), Map.entry("vertx", "5.0.7"));
    assertThat(missing(resolution, "kafka").getString("reason"))
        .isEqualTo("2 of the 2 healthy instance(s) of development do not offer node kafka ^1.0.0:"
            + " dev-1 does not offer it, dev-2 does not offer it");
    assertThat(missing(resolution, "trigger").getString("reason")).contains("dev-1 offers 1.0.0, dev-2 offers 1.0.0");
    assertThat(resolution.getJsonArray("warnings")).containsExactly("optional library jackson is not available in development");

    JsonObject partly = resolver.resolveIn(development, "root", SemanticVersion.parse("1.0.0"),
        List.of(of("node", "http", "^1.1.0", true)), Map.of());
    assertThat(missing(partly, "http").getString("reason"))
        .isEqualTo("1 of the 2 healthy instance(s) of development do not offer node http ^1.1.0: dev-2 offers 1.0.0");
  }

  @Test
  void inAnEnvironmentWithoutAHealthyInstanceNothingIsOffered() {
    io.axon.deploy.common.monitor.InstanceView sick = new io.axon.deploy.common.monitor.InstanceView("dev-1", "development",
        "http://127.0.0.1:1", io.axon.deploy.common.monitor.InstanceStatus.UNHEALTHY, new JsonObject(), List.of(),
        Map.of("http", "1.0.0"));
    EnvironmentOffers development = EnvironmentOffers.of("development", List.of(sick));
    JsonObject resolution = resolver.resolveIn(development, "root", SemanticVersion.parse("1.0.0"),
        List.of(of("node", "http", "^1.0.0", true)), Map.of());
    assertThat(missing(resolution, "http").getString("reason")).isEqualTo("no healthy engine instance in development offers node http");
  }

  @Test
  void acrossTheRegistryServicesAndLibrariesAreLeftToAnEnvironment() {
    JsonObject resolution = resolver.resolve("root", SemanticVersion.parse("1.0.0"),
        List.of(of("service", "gateway", "^1.0.0", true), of("node", "http", "^1.0.0", true)), Map.of());
    assertThat(resolved(resolution)).containsEntry("http", "1.0.0").containsEntry("gateway", null);
    assertThat(resolution.getJsonArray("warnings")).containsExactly("service gateway is checked against an environment's engine instances");
    assertThat(resolution.getJsonArray("missing")).isEmpty();
  }
}
