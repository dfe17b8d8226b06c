package io.axon.deploy.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which events each kind of stream carries. */
class StreamFilterTest {
  private static StreamEvent deployment(String id, String environment, String workflow) {
    return new StreamEvent(new JsonObject(), "deployments/" + id, environment, workflow, false);
  }

  private static StreamEvent instance(String environment) {
    return new StreamEvent(new JsonObject(), "environments/" + environment + "/instances/i-1", environment, null, true);
  }

  @Test
  void aDeploymentStreamCarriesItsOwnSubjectOnly() {
    StreamFilter filter = StreamFilter.deployment("d1");
    assertThat(filter.matches(deployment("d1", "development", "orders"))).isTrue();
    assertThat(filter.matches(deployment("d1", null, null))).isTrue();
    assertThat(filter.matches(deployment("d10", "development", "orders"))).isFalse();
    assertThat(filter.matches(instance("development"))).isFalse();
  }

  @Test
  void theEventsStreamFiltersByEnvironmentAndWorkflowEachOptional() {
    StreamFilter everything = StreamFilter.events(Optional.empty(), Optional.empty());
    StreamFilter orders = StreamFilter.events(Optional.empty(), Optional.of("orders"));
    StreamFilter staging = StreamFilter.events(Optional.of("staging"), Optional.empty());
    assertThat(everything.matches(deployment("d1", "development", "orders"))).isTrue();
    assertThat(orders.matches(deployment("d1", "development", "orders"))).isTrue();
    assertThat(orders.matches(deployment("d2", "development", "billing"))).isFalse();
    assertThat(staging.matches(deployment("d1", "development", "orders"))).isFalse();
    assertThat(staging.matches(deployment("d3", "staging", "orders"))).isTrue();
  }

  @Test
  void anEventOfUnknownScopePassesOnlyTheFiltersNotGiven() {
    StreamEvent unknown = deployment("d1", null, null);
    assertThat(StreamFilter.events(Optional.empty(), Optional.empty()).matches(unknown)).isTrue();
    assertThat(StreamFilter.events(Optional.empty(), Optional.of("orders")).matches(unknown)).isFalse();
    assertThat(StreamFilter.events(Optional.of("development"), Optional.empty()).matches(unknown)).isFalse();
  }

  @Test
  void anInstanceConcernsEveryWorkflowOfItsEnvironmentOnly() {
    assertThat(StreamFilter.events(Optional.empty(), Optional.of("orders")).matches(instance("development"))).isTrue();
    assertThat(StreamFilter.events(Optional.of("development"), Optional.of("orders")).matches(instance("development"))).isTrue();
    assertThat(StreamFilter.events(Optional.of("staging"), Optional.empty()).matches(instance("development"))).isFalse();
  }
}
