package io.axon.deploy.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out on its own, with real WebSockets: a small server upgrades every request into a stream
 * of one {@link EventHub} (the gateway's routes, tokens and deployer are left out), and the test
 * publishes on the bus as the deployer and the monitor do.
 */
class EventHubTest {
  private static final String SUBSCRIBERS = "test.hub.subscribers";
  private Vertx vertx;
  private HubVerticle hub;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    hub = new HubVerticle();
    vertx.deployVerticle(hub).await();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Upgrades {@code /?deployment=id} into a deployment stream and {@code /?workflow=key} (or {@code /}) into an events stream. */
  private static final class HubVerticle extends VerticleBase {
    final AtomicBoolean tokenValid = new AtomicBoolean(true);
    volatile int port;
    private EventHub hub;

    @Override
    public Future<?> start() {
      hub = new EventHub(vertx, digest -> tokenValid.get());
      vertx.eventBus().consumer(SUBSCRIBERS, message -> message.reply(hub.subscribers()));
      return hub.start()
          .compose(v -> vertx.createHttpServer().requestHandler(this::upgrade).listen(0, "127.0.0.1"))
          .onSuccess(server -> port = server.actualPort());
    }

    private void upgrade(HttpServerRequest request) {
      String deployment = request.getParam("deployment");
      StreamFilter filter = deployment != null ? StreamFilter.deployment(deployment)
          : StreamFilter.events(Optional.empty(), Optional.ofNullable(request.getParam("workflow")));
      EventStream stream = hub.open(filter, "digest", "test " + request.uri());
      request.toWebSocket()
          .onSuccess(socket -> stream.attach(socket, List.of(new JsonObject().put("id", "snapshot").encode())))
          .onFailure(failure -> stream.cancel());
    }
  }

  /** A WebSocket client that keeps every frame it gets and how it was closed. */
  private static final class Subscriber {
    final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();
    String closeReason;
    /** Held for as long as the subscriber: a client nothing refers to is closed when it is collected. */
    WebSocketClient client;
    ClientWebSocket socket;

    static Subscriber connect(Vertx vertx, int port, String uri) {
      Subscriber subscriber = new Subscriber();
      subscriber.client = vertx.createWebSocketClient();
      subscriber.socket = subscriber.client.webSocket();
      subscriber.socket.textMessageHandler(text -> subscriber.frames.add(new JsonObject(text)));
      subscriber.socket.closeHandler(v -> {
        subscriber.closeReason = subscriber.socket.closeReason();
        subscriber.closed.complete(subscriber.socket.closeStatusCode());
      });
      subscriber.socket.connect(port, "127.0.0.1", uri).await();
      return subscriber;
    }

    JsonObject next() throws InterruptedException {
      JsonObject frame = frames.poll(5, TimeUnit.SECONDS);
      assertThat(frame).as("a frame within 5 s").isNotNull();
      return frame;
    }

    /** The ids of the frames up to and with the one of id {@code last}. */
    List<String> idsThrough(String last) throws InterruptedException {
      List<String> ids = new ArrayList<>();
      String id;
      do {
        id = next().getString("id");
        ids.add(id);
      } while (!id.equals(last));
      return ids;
    }
  }

  private void deployerEvent(String id, String deployment, JsonObject data) {
    vertx.eventBus().publish(DeployerEvents.ADDRESS, new CloudEvent(id, "/axon/deployer", DeployerEvents.DEPLOYMENT_STATUS_CHANGED,
        Instant.now(), "deployments/" + deployment, data).toJson());
  }

  private void monitorEvent(String id, String environment) {
    vertx.eventBus().publish(MonitorCommands.EVENTS, new CloudEvent(id, "/axon/monitor", MonitorCommands.INSTANCE_STATUS_CHANGED,
        Instant.now(), "environments/" + environment + "/instances/i-1", new JsonObject().put("environment", environment)).toJson());
  }

  private static JsonObject deployment(String id, String workflow) {
    return new JsonObject().put("id", id).put("environment", "development").put("workflow", workflow);
  }

  @Test
  void eachStreamGetsItsSnapshotThenTheEventsItsFilterTakesInOrderWithRepeatsDropped() throws InterruptedException {
    Subscriber one = Subscriber.connect(vertx, hub.port, "/?deployment=d1");
    Subscriber orders = Subscriber.connect(vertx, hub.port, "/?workflow=orders");
    Subscriber billing = Subscriber.connect(vertx, hub.port, "/?workflow=billing");
    for (Subscriber subscriber : List.of(one, orders, billing)) {
      assertThat(subscriber.next().getString("id")).isEqualTo("snapshot");
    }

    deployerEvent("e1", "d1", deployment("d1", "orders"));
    deployerEvent("e2", "d1", new JsonObject().put("deploymentId", "d1").put("seq", 1)); // names no workflow: learnt from e1
    deployerEvent("e1", "d1", deployment("d1", "orders")); // the relay repeats itself
    deployerEvent("e3", "d2", deployment("d2", "billing"));
    monitorEvent("m1", "development");
    deployerEvent("e4", "d1", deployment("d1", "orders"));
    monitorEvent("m2", "development");
    deployerEvent("e5", "d1", deployment("d1", "orders"));

    assertThat(one.idsThrough("e5")).containsExactly("e1", "e2", "e4", "e5");
    assertThat(orders.idsThrough("e5")).containsExactly("e1", "e2", "m1", "e4", "m2", "e5");
    assertThat(billing.idsThrough("m2")).containsExactly("e3", "m1", "m2");
  }

  @Test
  void aSubscriberThatStopsReadingIsClosedWith1013OnceTooManyEventsWaitForIt() throws Exception {
    Subscriber slow = Subscriber.connect(vertx, hub.port, "/");
    assertThat(slow.next().getString("id")).isEqualTo("snapshot");
    slow.socket.pause();
    String filler = "x".repeat(16 * 1024);
    int published = 4_000; // 64 MiB: more than the socket buffers on both sides and the queue together
    for (int i = 0; i < published; i++) {
      deployerEvent(Integer.toString(i), "d1", deployment("d1", "orders").put("filler", filler));
    }
    long deadline = System.currentTimeMillis() + 20_000;
    while (vertx.eventBus().<Integer>request(SUBSCRIBERS, null).await().body() > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(50); // the test thread, never an event loop
    }
    slow.socket.resume();

    assertThat(slow.closed.get(20, TimeUnit.SECONDS)).isEqualTo((short) 1013);
    assertThat(slow.closeReason).contains("too slow");
    List<JsonObject> got = new ArrayList<>(slow.frames);
    assertThat(got).hasSizeBetween(1, published - EventStream.MOST_PENDING);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i).getString("id")).as("what it got came in order, without a gap").isEqualTo(Integer.toString(i));
    }
  }

  @Test
  void aStreamWhoseTokenIsNoLongerValidIsClosedWith1008() throws Exception {
    Subscriber subscriber = Subscriber.connect(vertx, hub.port, "/?workflow=orders");
    assertThat(subscriber.next().getString("id")).isEqualTo("snapshot");
    hub.tokenValid.set(false);
    assertThat(subscriber.closed.get(EventHub.TOKEN_CHECK_MS * 3, TimeUnit.MILLISECONDS)).isEqualTo((short) 1008);
    assertThat(subscriber.closeReason).contains("revoked");
  }
}
