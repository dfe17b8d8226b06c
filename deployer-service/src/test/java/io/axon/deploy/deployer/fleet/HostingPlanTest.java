package io.axon.deploy.deployer.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.monitor.InstanceStatus;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HostingPlanTest {
  private static final HostedVersion V1 = new HostedVersion("orders", "1.0.0");
  private static final HostedVersion V2 = new HostedVersion("orders", "1.1.0");
  private static final HostedVersion OLD = new HostedVersion("orders", "0.9.0");
  private static final HostedVersion OTHER = new HostedVersion("billing", "3.0.0");

  private static InstanceView instance(String id, InstanceStatus status, HostedVersion... versions) {
    return new InstanceView(id, "development", "http://127.0.0.1:1", status, new JsonObject(), List.of(versions), Map.of());
  }

  @Test
  void anInstanceThatCameBackEmptyIsGivenEveryWantedVersion() {
    HostingPlan plan = HostingPlan.of(List.of(instance("a", InstanceStatus.HEALTHY, V1, V2),
        instance("b", InstanceStatus.HEALTHY)), Set.of(V1, V2), Set.of("orders"));
    assertThat(plan.loads()).extracting(m -> m.instance().instanceId() + " " + m.version().version())
        .containsExactlyInAnyOrder("b 1.0.0", "b 1.1.0");
    assertThat(plan.unloads()).isEmpty();
  }

  @Test
  void versionsNothingNeedsAreUnloadedButOtherWorkflowsAreLeftAlone() {
    HostingPlan plan = HostingPlan.of(List.of(instance("a", InstanceStatus.HEALTHY, V1, OLD, OTHER)),
        Set.of(V1), Set.of("orders"));
    assertThat(plan.unloads()).extracting(m -> m.version()).containsExactly(OLD);
    assertThat(plan.loads()).isEmpty();
  }

  @Test
  void unhealthyInstancesAreNeitherWorkedOnNorListedAsHosts() {
    List<InstanceView> instances = List.of(instance("a", InstanceStatus.UNHEALTHY), instance("b", InstanceStatus.HEALTHY, V1));
    HostingPlan plan = HostingPlan.of(instances, Set.of(V1), Set.of("orders"));
    assertThat(plan.loads()).isEmpty();
    assertThat(HostingPlan.hosts(instances, "orders", Set.of())).isEqualTo(Map.of("1.0.0", List.of("b")));
  }

  @Test
  void hostsCountTheLoadsThatSucceeded() {
    InstanceView a = instance("a", InstanceStatus.HEALTHY, V1);
    InstanceView b = instance("b", InstanceStatus.HEALTHY);
    Map<String, List<String>> hosts = HostingPlan.hosts(List.of(a, b), "orders",
        Set.of(new HostingPlan.Move(b, V1), new HostingPlan.Move(b, V2)));
    assertThat(hosts).isEqualTo(Map.of("1.0.0", List.of("a", "b"), "1.1.0", List.of("b")));
  }

  @Test
  void duringARollingDeploymentEachInstanceKeepsToWhatItsTableHostsSay() {
    io.axon.deploy.common.routing.RoutingTable table = new io.axon.deploy.common.routing.RoutingTable("development",
        "orders", 5, List.of(), java.util.Optional.empty(), Map.of("1.0.0", List.of("b"), "1.1.0", List.of("a")));
    HostingPlan plan = HostingPlan.of(List.of(instance("a", InstanceStatus.HEALTHY, V1, V2),
            instance("b", InstanceStatus.HEALTHY, V2), instance("c", InstanceStatus.HEALTHY)),
        Set.of(), Set.of("orders"), Map.of("orders", table), Map.of("orders", "1.1.0"));
    // a moved to the new version: its old one goes; b still serves the old one, and the rollout
    // (not the reconciler) decides when b gets the new one; c is in no batch's hands yet
    assertThat(plan.unloads()).extracting(m -> m.instance().instanceId() + " " + m.version().version())
        .containsExactly("a 1.0.0");
    assertThat(plan.loads()).extracting(m -> m.instance().instanceId() + " " + m.version().version())
        .containsExactly("b 1.0.0");
  }
}
