package io.axon.deploy.deployer.gateways;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.gateway.GatewayHeartbeat;
import io.axon.deploy.common.gateway.RoutingAcknowledgement;
import io.axon.deploy.common.gateway.RoutingRevision;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayLedgerTest {
  private static final long STALE = 3_000;
  private static final Instant STARTED = Instant.parse("2025-01-01T00:00:00Z");

  private static RoutingRevision orders(long revision) {
    return new RoutingRevision("development", "orders", revision);
  }

  private static GatewayHeartbeat beat(String id, RoutingRevision... revisions) {
    return new GatewayHeartbeat(id, STARTED, 2, List.of(revisions));
  }

  @Test
  void withNoGatewayNothingIsPending() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    assertThat(ledger.pending(orders(1), 0)).isEmpty();
    assertThat(ledger.running(0)).isEmpty();
  }

  @Test
  void aRevisionIsPendingOnEveryRunningGatewayThatHasNotAcknowledgedItOrALaterOne() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    assertThat(ledger.heard(beat("a", orders(4)), 0)).as("a joins").isTrue();
    assertThat(ledger.heard(beat("b"), 0)).isTrue();
    assertThat(ledger.heard(beat("b"), 500)).as("b was known").isFalse();
    assertThat(ledger.pending(orders(4), 500)).containsExactly("b");
    assertThat(ledger.pending(orders(3), 500)).containsExactly("b");
    ledger.acknowledged(new RoutingAcknowledgement("b", orders(5)), 600);
    assertThat(ledger.pending(orders(4), 600)).isEmpty();
    assertThat(ledger.pending(orders(5), 600)).containsExactly("a");
    assertThat(ledger.acknowledgedBy(orders(5), 600)).containsExactly("b");
    assertThat(ledger.pending(new RoutingRevision("staging", "orders", 1), 600)).containsExactly("a", "b");
  }

  @Test
  void revisionsOnlyGrowWhateverTheOrderTheyAreHeardIn() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    ledger.acknowledged(new RoutingAcknowledgement("a", orders(6)), 0);
    ledger.heard(beat("a", orders(5)), 10); // a heartbeat sent before the acknowledgement, delivered after
    assertThat(ledger.pending(orders(6), 10)).isEmpty();
  }

  @Test
  void aGatewayNotHeardFromForTheStalenessWindowIsNoLongerCountedAndComesBackWhenHeardAgain() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    ledger.heard(beat("a"), 0);
    ledger.heard(beat("b", orders(2)), 0);
    ledger.heard(beat("b", orders(2)), 2_000);
    assertThat(ledger.pending(orders(2), STALE)).containsExactly("a");
    assertThat(ledger.pending(orders(2), STALE + 1)).as("a is gone: it routes nothing").isEmpty();
    assertThat(ledger.running(STALE + 1)).containsExactly("b");
    assertThat(ledger.expire(STALE + 1)).containsExactly("a");
    assertThat(ledger.expire(STALE + 1)).isEmpty();
    assertThat(ledger.heard(beat("a"), STALE + 2)).as("a is back").isTrue();
    assertThat(ledger.pending(orders(2), STALE + 2)).containsExactly("a");
  }

  @Test
  void aGatewayThatSaysItStoppedIsGoneAtOnce() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    ledger.heard(beat("a"), 0);
    assertThat(ledger.left("a", 10)).isTrue();
    assertThat(ledger.left("a", 10)).isFalse();
    assertThat(ledger.pending(orders(1), 10)).isEmpty();
  }

  @Test
  void anAcknowledgementIsAlsoWordThatTheGatewayRuns() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    assertThat(ledger.acknowledged(new RoutingAcknowledgement("a", orders(1)), 0)).isTrue();
    assertThat(ledger.running(STALE)).containsExactly("a");
    assertThat(ledger.gateways(STALE)).singleElement().satisfies(gateway -> {
      assertThat(gateway.startedAt()).isEmpty();
      assertThat(gateway.revisions()).containsExactly(orders(1));
    });
  }

  @Test
  void aNewProcessUnderTheSameIdStartsFromWhatItSaysItself() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    ledger.heard(beat("a", orders(9)), 0);
    ledger.heard(new GatewayHeartbeat("a", STARTED.plusSeconds(60), 2, List.of(orders(3))), 100);
    assertThat(ledger.pending(orders(4), 100)).containsExactly("a");
  }

  @Test
  void theListingShowsEachRunningGatewayWithItsRevisionsSorted() {
    GatewayLedger ledger = new GatewayLedger(STALE);
    ledger.heard(new GatewayHeartbeat("b", STARTED, 4, List.of(orders(2), new RoutingRevision("development", "billing", 7))), 50);
    ledger.heard(beat("a"), 40);
    assertThat(ledger.gateways(100)).extracting(GatewayLedger.Gateway::gatewayId).containsExactly("a", "b");
    GatewayLedger.Gateway b = ledger.gateways(100).get(1);
    assertThat(b.eventLoops()).isEqualTo(4);
    assertThat(b.lastSeen()).isEqualTo(50);
    assertThat(b.startedAt()).contains(STARTED);
    assertThat(b.revisions()).containsExactly(new RoutingRevision("development", "billing", 7), orders(2));
  }
}
