package io.axon.deploy.deployer.gateways;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.gateway.GatewayEvents;
import io.axon.deploy.common.gateway.GatewayHeartbeat;
import io.axon.deploy.common.gateway.RoutingAcknowledgement;
import io.axon.deploy.common.gateway.RoutingRevision;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The roster on a real event bus, with the gateways played by the test publishing what gateway
 * processes publish. Calls block the test thread, never the roster's event loop.
 */
class GatewayRosterTest {
  private static final String ADDRESS = "test.deployer";
  private final Vertx vertx = Vertx.vertx();
  private final Context loop = vertx.getOrCreateContext();
  private GatewayRoster roster;

  @AfterEach
  void close() {
    if (roster != null) {
      on(() -> {
        roster.stop();
        return Future.succeededFuture();
      }).await();
    }
    vertx.close().await();
  }

  /** Runs {@code call} on the roster's event loop, as the deployer verticle would. */
  private <T> Future<T> on(Supplier<Future<T>> call) {
    Promise<T> promise = Promise.promise();
    loop.runOnContext(v -> call.get().onComplete(promise));
    return promise.future();
  }

  private void start(long staleMs, long warmupMs) {
    roster = new GatewayRoster(vertx, staleMs, warmupMs);
    on(() -> roster.start()).await();
  }

  private void publish(String type, String gatewayId, JsonObject data) {
    vertx.eventBus().publish(GatewayEvents.ADDRESS,
        CloudEvent.of(GatewayEvents.SOURCE, type, GatewayEvents.subject(gatewayId), data).toJson());
  }

  private void heartbeat(String gatewayId, RoutingRevision... revisions) {
    publish(GatewayEvents.HEARTBEAT, gatewayId, new GatewayHeartbeat(gatewayId, Instant.now(), 2, List.of(revisions)).toJson());
  }

  private void acknowledge(String gatewayId, long revision) {
    publish(GatewayEvents.ACKNOWLEDGED, gatewayId, new RoutingAcknowledgement(gatewayId, orders(revision)).toJson());
  }

  private static RoutingRevision orders(long revision) {
    return new RoutingRevision("development", "orders", revision);
  }

  private Future<Void> acknowledged(long revision, long timeoutMs) {
    return on(() -> roster.acknowledged("development", "orders", revision, timeoutMs));
  }

  /** Waits (on the test thread) until the roster counts {@code count} gateways. */
  private void awaitRunning(int count) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 5_000;
    while (on(() -> Future.succeededFuture(roster.gateways().size())).await() != count) {
      assertThat(System.currentTimeMillis()).as("the roster counts " + count + " gateways").isLessThan(deadline);
      Thread.sleep(10); // the test thread, never an event loop
    }
  }

  @Test
  void withNoGatewayRunningAWaitCompletesAtOnce() {
    start(3_000, 0);
    long started = System.nanoTime();
    acknowledged(1, 5_000).await();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void aWaitCompletesWhenTheLastRunningGatewayAcknowledges() throws Exception {
    start(3_000, 0);
    heartbeat("a");
    heartbeat("b");
    awaitRunning(2);
    Future<Void> waiting = acknowledged(3, 10_000);
    acknowledge("a", 3);
    Thread.sleep(100); // time for a wrongful completion to show
    assertThat(waiting.isComplete()).as("b has not acknowledged").isFalse();
    long sent = System.nanoTime();
    acknowledge("b", 4); // a later revision covers the one waited for
    waiting.await();
    assertThat((System.nanoTime() - sent) / 1_000_000).as("ms from the last acknowledgement").isLessThan(1_000);
    assertThat(on(() -> Future.succeededFuture(roster.acknowledgedBy("development", "orders", 3))).await())
        .containsExactly("a", "b");
  }

  @Test
  void aRevisionAlreadyAcknowledgedEverywhereIsNotWaitedFor() throws Exception {
    start(3_000, 0);
    heartbeat("a", orders(5));
    awaitRunning(1);
    long started = System.nanoTime();
    acknowledged(5, 10_000).await();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void aRunningGatewayThatDoesNotAcknowledgeFailsTheWaitAtItsTimeoutNamingIt() throws Exception {
    start(3_000, 0);
    heartbeat("a");
    heartbeat("b");
    awaitRunning(2);
    acknowledge("a", 2);
    long started = System.nanoTime();
    Future<Void> waiting = acknowledged(2, 400);
    assertThatThrownBy(waiting::await).isInstanceOfSatisfying(UnacknowledgedRouting.class, failure -> {
      assertThat(failure.gateways()).containsExactly("b");
      assertThat(failure.revision()).isEqualTo(orders(2));
      assertThat(failure.problem().status()).isEqualTo(504);
      assertThat(failure.problem().detail()).isEqualTo("gateway b did not acknowledge revision 2 of the routing of orders"
          + " in development within 400 ms (acknowledged by a)");
    });
    assertThat((System.nanoTime() - started) / 1_000_000).isBetween(400L, 1_400L);
  }

  @Test
  void aGatewayThatFallsSilentIsNoLongerWaitedFor() throws Exception {
    start(400, 0);
    heartbeat("a");
    heartbeat("b");
    awaitRunning(2);
    Future<Void> waiting = acknowledged(1, 10_000);
    acknowledge("b", 1); // b acknowledges; a says nothing more: it is gone 400 ms after its heartbeat
    long started = System.nanoTime();
    waiting.await();
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    assertThat(on(() -> Future.succeededFuture(roster.gateways())).await())
        .extracting(GatewayLedger.Gateway::gatewayId).doesNotContain("a");
  }

  @Test
  void aGatewayThatSaysItStoppedIsNoLongerWaitedFor() throws Exception {
    start(10_000, 0);
    heartbeat("a");
    awaitRunning(1);
    Future<Void> waiting = acknowledged(1, 10_000);
    publish(GatewayEvents.STOPPED, "a", new JsonObject().put("gatewayId", "a"));
    waiting.await();
    awaitRunning(0);
  }

  @Test
  void aRosterThatHasJustStartedDoesNotTakeSilenceForAgreement() {
    start(3_000, 600);
    long started = System.nanoTime();
    acknowledged(1, 10_000).await();
    assertThat((System.nanoTime() - started) / 1_000_000).as("ms waited for gateways to be heard").isBetween(450L, 2_000L);
  }

  @Test
  void theBusCommandsListTheGatewaysAndFailAWaitWithA504NamingThem() throws Exception {
    start(3_000, 0);
    on(() -> {
      CommandDispatcher dispatcher = new CommandDispatcher(vertx.eventBus(), CpuPool.shared(vertx, "test-cpu"));
      new GatewayCommands(roster).register(dispatcher);
      return vertx.eventBus().consumer(ADDRESS, dispatcher).completion();
    }).await();
    heartbeat("a", orders(1));
    heartbeat("b", orders(1));
    awaitRunning(2);
    acknowledge("a", 2);
    BusClient bus = new BusClient(vertx.eventBus(), 5_000);

    JsonObject listed = bus.request(ADDRESS, DeployerCommands.LIST_GATEWAYS, new JsonObject(), null, null).await().json();
    assertThat(listed.getJsonArray("items")).hasSize(2);
    JsonObject a = listed.getJsonArray("items").getJsonObject(0);
    assertThat(a.getString("gatewayId")).isEqualTo("a");
    assertThat(a.getInteger("eventLoops")).isEqualTo(2);
    assertThat(Instant.parse(a.getString("lastSeen"))).isBefore(Instant.now().plusSeconds(1));
    assertThat(a.getJsonArray("revisions").getJsonObject(0).getLong("revision")).isEqualTo(2);

    JsonObject await = new JsonObject().put("environment", "development").put("workflow", "orders").put("revision", 1);
    JsonObject done = bus.request(ADDRESS, DeployerCommands.AWAIT_ROUTING, await, null, null).await().json();
    assertThat(done.getJsonArray("gateways")).containsExactly("a", "b");
    assertThatThrownBy(() -> bus.request(ADDRESS, DeployerCommands.AWAIT_ROUTING, await.copy().put("revision", 2)
        .put("timeoutMs", 200), null, null).await())
        .isInstanceOfSatisfying(ProblemException.class, failure -> {
          assertThat(failure.problem().status()).isEqualTo(504);
          assertThat(failure.problem().detail()).startsWith("gateway b did not acknowledge revision 2");
        });
    assertThatThrownBy(() -> bus.request(ADDRESS, DeployerCommands.AWAIT_ROUTING, await.copy().put("revision", "x"),
        null, null).await())
        .isInstanceOfSatisfying(ProblemException.class, failure -> assertThat(failure.problem().status()).isEqualTo(400));
  }
}
