package io.axon.deploy.gateway.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.gateway.RoutingRevision;
import org.junit.jupiter.api.Test;

class AppliedRevisionsTest {
  private static RoutingRevision orders(long revision) {
    return new RoutingRevision("development", "orders", revision);
  }

  @Test
  void aRevisionIsInForceOnlyOnceEveryViewHasAppliedIt() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    revisions.attach(2);
    assertThat(revisions.applied(1, "development", "orders", 3)).isEmpty();
    assertThat(revisions.everywhere()).isEmpty();
    assertThat(revisions.applied(2, "development", "orders", 3)).contains(orders(3));
    assertThat(revisions.everywhere()).containsExactly(orders(3));
  }

  @Test
  void theRevisionInForceIsTheLowestOfTheViewsAndEachIsSaidOnce() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    revisions.attach(2);
    revisions.applied(1, "development", "orders", 5);
    assertThat(revisions.applied(2, "development", "orders", 4)).as("view 1 is ahead: 4 is what both route by").contains(orders(4));
    assertThat(revisions.applied(2, "development", "orders", 4)).as("said already").isEmpty();
    assertThat(revisions.applied(2, "development", "orders", 6)).contains(orders(5));
    assertThat(revisions.applied(1, "development", "orders", 6)).contains(orders(6));
  }

  @Test
  void anOlderRevisionReportedLateDoesNotMoveAViewBack() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    revisions.applied(1, "development", "orders", 7);
    assertThat(revisions.applied(1, "development", "orders", 2)).isEmpty();
    assertThat(revisions.everywhere()).containsExactly(orders(7));
  }

  @Test
  void aViewThatLeavesNoLongerHoldsTheOthersBack() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    revisions.attach(2);
    revisions.applied(1, "development", "orders", 2);
    revisions.applied(1, "staging", "billing", 9);
    assertThat(revisions.detach(2)).containsExactlyInAnyOrder(orders(2), new RoutingRevision("staging", "billing", 9));
    assertThat(revisions.detach(2)).isEmpty();
  }

  @Test
  void aViewAttachedLaterHoldsBackNewerRevisionsUntilItCatchesUp() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    assertThat(revisions.applied(1, "development", "orders", 1)).contains(orders(1));
    revisions.attach(2);
    assertThat(revisions.everywhere()).as("view 2 holds nothing yet").isEmpty();
    assertThat(revisions.applied(1, "development", "orders", 2)).isEmpty();
    assertThat(revisions.applied(2, "development", "orders", 2)).contains(orders(2));
  }

  @Test
  void withoutViewsNothingIsInForceAndUnknownViewsAreIgnored() {
    AppliedRevisions revisions = new AppliedRevisions();
    assertThat(revisions.applied(9, "development", "orders", 1)).isEmpty();
    assertThat(revisions.everywhere()).isEmpty();
    assertThat(revisions.views()).isZero();
  }

  @Test
  void tablesAreKeptApartByEnvironmentAndWorkflow() {
    AppliedRevisions revisions = new AppliedRevisions();
    revisions.attach(1);
    revisions.applied(1, "development", "orders", 4);
    revisions.applied(1, "staging", "orders", 1);
    revisions.applied(1, "development", "billing", 2);
    assertThat(revisions.everywhere()).containsExactly(new RoutingRevision("development", "billing", 2), orders(4),
        new RoutingRevision("staging", "orders", 1));
  }
}
