package io.axon.deploy.monitor;

import static io.axon.deploy.monitor.MonitorEvents.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.axon.deploy.engine.Engines.RunningEngine;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitor against real engine instances in the test's Vert.x, found through service discovery:
 * verdicts published as events and listed on the bus, a crash found by polling, a stale record
 * taken out of discovery.
 */
@ExtendWith(VertxExtension.class)
class InstanceHealthTest {
  private static final JsonObject DEFINITION = new JsonObject()
      .put("nodes", new JsonArray().add(new JsonObject().put("id", "start").put("type", "trigger").put("config", new JsonObject())))
      .put("connections", new JsonArray());

  private ServiceDiscovery discovery;
  private WebClient http;
  private Vertx vertx;

  private MonitorEvents deployMonitor(Vertx vertx, Map<String, String> env) {
    MonitorEvents events = new MonitorEvents(vertx);
    MonitorVerticle.deploy(new VertxRuntime(vertx, VertxRuntime.registry()), AxonConfig.from(env)).await();
    discovery = EngineDirectory.discovery(vertx);
    http = WebClient.create(vertx);
    this.vertx = vertx;
    return events;
  }

  @AfterEach
  void close() {
    if (discovery != null) {
      discovery.close();
    }
  }

  private static EngineSettings engine(String id, int port) {
    return new EngineSettings(id, "development", "127.0.0.1", "127.0.0.1", port, 1,
        new Gateway(Optional.empty(), Optional.empty(), "development"), 65_536, Optional.empty(), "AXON_ENGINE_PORT");
  }

  private static List<InstanceView> list(Vertx vertx, JsonObject query) {
    return new BusClient(vertx.eventBus(), 5_000).request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, query, "test", null)
        .await().json().getJsonArray("items").stream().map(item -> InstanceView.fromJson((JsonObject) item)).toList();
  }

  private void load(RunningEngine engine, String workflow, String version) {
    int status = http.putAbs(engine.instance().endpoint() + "/workflows/" + workflow + "/versions/" + version)
        .sendBuffer(Buffer.buffer(DEFINITION.encode())).await().statusCode();
    assertThat(status).isEqualTo(201);
  }

  @Test
  void bothInstancesAreJudgedHealthyPublishedAndListedAndOneThatLeavesDiscoveryIsForgotten(Vertx vertx) {
    MonitorEvents events = deployMonitor(vertx, Map.of("AXON_MONITOR_POLL_MS", "200"));
    RunningEngine first = Engines.start(vertx, engine("development-1", 0)).await();
    RunningEngine second = Engines.start(vertx, engine("development-2", 0)).await();
    Engines.start(vertx, new EngineSettings("staging-1", "staging", "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.empty(), Optional.empty(), "staging"), 65_536, Optional.empty(), "AXON_ENGINE_PORT")).await();

    CloudEvent healthy = events.await("development-1 healthy", 3_000, status("development-1", "healthy"));
    assertThat(healthy.source()).isEqualTo("/axon/monitor");
    assertThat(healthy.subject()).isEqualTo("environments/development/instances/development-1");
    assertThat(healthy.data().containsKey("previousStatus")).isTrue();
    assertThat(healthy.data().getString("previousStatus")).isNull();
    assertThat(healthy.data().getString("endpoint")).isEqualTo(first.instance().endpoint());
    events.await("development-2 healthy", 3_000, status("development-2", "healthy"));
    events.await("staging-1 healthy", 3_000, status("staging-1", "healthy"));

    List<InstanceView> development = list(vertx, new JsonObject().put("environment", "development"));
    assertThat(development).extracting(InstanceView::instanceId).containsExactly("development-1", "development-2");
    assertThat(development.get(1).endpoint()).isEqualTo(second.instance().endpoint());
    assertThat(development.get(0).nodeTypes()).containsKeys("trigger", "http", "fail");
    assertThat(development.get(0).health().getInteger("score")).isEqualTo(100);
    assertThat(development.get(0).health().getString("lastCheck")).isNotBlank();
    assertThat(list(vertx, new JsonObject())).extracting(InstanceView::instanceId)
        .containsExactly("development-1", "development-2", "staging-1");

    load(first, "order-sync", "1.0.0");
    CloudEvent loaded = events.await("development-1 versions changed", 3_000,
        event -> MonitorCommands.INSTANCE_VERSIONS_CHANGED.equals(event.type()));
    assertThat(loaded.subject()).isEqualTo("environments/development/instances/development-1");
    assertThat(loaded.data().getJsonArray("previousVersions")).isEmpty();
    assertThat(InstanceView.fromJson(loaded.data()).hosts("order-sync", "1.0.0")).isTrue();

    second.stop(vertx).await(); // leaves discovery, then stops
    long deadline = System.currentTimeMillis() + 3_000;
    while (list(vertx, new JsonObject().put("environment", "development")).size() > 1 && System.currentTimeMillis() < deadline) {
      MonitorEvents.sleep(50);
    }
    assertThat(list(vertx, new JsonObject().put("environment", "development"))).extracting(InstanceView::instanceId)
        .containsExactly("development-1");
    assertThat(events.all()).noneMatch(status("development-2", "unhealthy"));
  }

  @Test
  void anInstanceKilledWithoutLeavingDiscoveryIsUnhealthyWithinThreeSecondsAtTheDefaultIntervalAndBackWhenRestarted(
      Vertx vertx) {
    MonitorEvents events = deployMonitor(vertx, Map.of()); // polls every 1000 ms, unhealthy after 2 failures
    RunningEngine victim = Engines.start(vertx, engine("development-1", 0)).await();
    RunningEngine survivor = Engines.start(vertx, engine("development-2", 0)).await();
    load(victim, "order-sync", "1.0.0");
    load(survivor, "order-sync", "1.0.0");
    events.await("development-1 healthy", 3_000, status("development-1", "healthy"));
    events.await("development-2 healthy", 3_000, status("development-2", "healthy"));
    AtomicBoolean loading = new AtomicBoolean(true);
    vertx.setTimer(20_000, id -> loading.set(false)); // bounded, whatever happens to the test
    AtomicLong executed = new AtomicLong();
    for (int i = 0; i < 4; i++) {
      execute(victim, loading, executed);
      execute(survivor, loading, executed);
    }
    MonitorEvents.sleep(500);

    long crash = System.currentTimeMillis();
    vertx.undeploy(victim.deployments().get(1)).await(); // its HTTP server closes; its discovery record stays
    CloudEvent down = events.await("development-1 unhealthy", 3_000, status("development-1", "unhealthy"));
    long detectedAfter = System.currentTimeMillis() - crash;
    assertThat(detectedAfter).as("ms from the crash to the event").isLessThan(3_000);
    System.out.println("crash found unhealthy after " + detectedAfter + " ms");
    assertThat(down.data().getJsonObject("health").getString("error")).isNotBlank();
    assertThat(EngineDirectory.list(discovery, "development").await()).extracting(EngineInstance::instanceId)
        .as("still in discovery: found by polling alone").contains("development-1");
    assertThat(list(vertx, new JsonObject())).filteredOn(InstanceView::healthy).extracting(InstanceView::instanceId)
        .containsExactly("development-2");

    Engines.start(vertx, engine("development-1", victim.instance().port())).await(); // restarted empty, same port
    CloudEvent back = events.await("development-1 healthy again", 4_000,
        status("development-1", "healthy").and(event -> "unhealthy".equals(event.data().getString("previousStatus"))));
    assertThat(InstanceView.fromJson(back.data()).versions()).isEmpty();
    CloudEvent emptied = events.await("development-1 versions changed", 4_000, event ->
        MonitorCommands.INSTANCE_VERSIONS_CHANGED.equals(event.type()) && event.data().getJsonArray("versions").isEmpty());
    assertThat(emptied.data().getJsonArray("previousVersions").getJsonObject(0).getString("version")).isEqualTo("1.0.0");
    assertThat(events.all()).noneMatch(status("development-2", "unhealthy"));
    loading.set(false);
    assertThat(executed.get()).as("executions run while the instance was killed").isPositive();
  }

  /** Keeps one execution in flight against {@code engine} while {@code loading}; a refused one retries shortly. */
  private void execute(RunningEngine engine, AtomicBoolean loading, AtomicLong executed) {
    if (!loading.get()) {
      return;
    }
    http.postAbs(engine.instance().endpoint() + "/workflows/order-sync/versions/1.0.0/executions").timeout(2_000)
        .sendJsonObject(new JsonObject().put("input", new JsonObject()))
        .onSuccess(response -> executed.incrementAndGet())
        .onComplete(done -> {
          if (done.succeeded()) {
            execute(engine, loading, executed);
          } else {
            vertx.setTimer(20, id -> execute(engine, loading, executed));
          }
        });
  }

  @Test
  void aRecordWhoseAddressAnswersAsAnotherInstanceIsMarkedUnhealthyAndTakenOutOfDiscovery(Vertx vertx) {
    MonitorEvents events = deployMonitor(vertx, Map.of("AXON_MONITOR_POLL_MS", "200"));
    RunningEngine real = Engines.start(vertx, engine("development-1", 0)).await();
    EngineDirectory.announce(discovery, new EngineInstance("development-ghost", "development", "127.0.0.1",
        real.instance().port())).await();

    CloudEvent stale = events.await("the ghost unhealthy", 3_000, status("development-ghost", "unhealthy"));
    assertThat(stale.data().getJsonObject("health").getString("status")).isEqualTo("stale");
    assertThat(stale.data().getJsonObject("health").getString("error")).contains("development-1");
    long deadline = System.currentTimeMillis() + 3_000;
    while (EngineDirectory.all(discovery).await().size() > 1 && System.currentTimeMillis() < deadline) {
      MonitorEvents.sleep(50);
    }
    assertThat(EngineDirectory.all(discovery).await()).extracting(EngineInstance::instanceId).containsExactly("development-1");
    MonitorEvents.sleep(600); // a few more polls: the ghost is forgotten, the real one untouched
    assertThat(list(vertx, new JsonObject())).extracting(InstanceView::instanceId, InstanceView::healthy)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("development-1", true));
    assertThat(events.all()).filteredOn(status("development-ghost", "unhealthy")).hasSize(1);
  }
}
