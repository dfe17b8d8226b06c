package io.axon.deploy.engine.run;

import static io.axon.deploy.engine.Definitions.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.engine.Definitions;
import io.axon.deploy.engine.plan.PlanBuilder;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The graph walk alone: which nodes are ready together, which are skipped, when it is over. */
class WalkTest {
  private static Walk walk(Definitions definition) {
    return new Walk(PlanBuilder.build(definition.json(), NodeTypeCatalog.reference()));
  }

  private static final JsonObject LOG = new JsonObject();

  @Test
  void branchesLeavingOneNodeAreReadyTogetherAndAJoinWaitsForBoth() {
    Walk walk = walk(workflow().node("a", "log", LOG).node("b", "log", LOG).node("join", "log", LOG)
        .connect("start", "a").connect("start", "b").connect("a", "join").connect("b", "join"));
    assertThat(walk.start()).containsExactly("start");
    assertThat(walk.completed("start", null)).containsExactlyInAnyOrder("a", "b");
    assertThat(walk.completed("b", null)).isEmpty();
    assertThat(walk.finished()).isFalse();
    assertThat(walk.completed("a", null)).containsExactly("join");
    assertThat(walk.sources("join")).containsExactlyInAnyOrder("a", "b");
    assertThat(walk.completed("join", null)).isEmpty();
    assertThat(walk.finished()).isTrue();
  }

  @Test
  void theUntakenPortSkipsEverythingOnlyItLeadsTo() {
    Walk walk = walk(workflow().node("check", "condition", new JsonObject().put("expression", "true"))
        .node("yes", "log", LOG).node("no", "log", LOG).node("after-no", "log", LOG).node("join", "log", LOG)
        .connect("start", "check").connect("check", "yes", "true").connect("check", "no", "false")
        .connect("no", "after-no").connect("yes", "join").connect("after-no", "join"));
    walk.start();
    walk.completed("start", null);
    assertThat(walk.completed("check", "true")).containsExactly("yes");
    assertThat(walk.completed("yes", null)).containsExactly("join");
    assertThat(walk.sources("join")).containsExactly("yes");
    walk.completed("join", null);
    assertThat(walk.finished()).isTrue();
    assertThat(walk.ran("no")).isFalse();
    assertThat(walk.ran("after-no")).isFalse();
  }
}
