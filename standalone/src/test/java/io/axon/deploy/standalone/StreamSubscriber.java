package io.axon.deploy.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client on one of the gateway's event streams: it keeps every frame (each a JSON
 * CloudEvent) and how the socket was closed. Calls block the test thread, never an event loop.
 */
final class StreamSubscriber implements AutoCloseable {
  private static final long WAIT_MS = 20_000;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();
  /** Held for as long as the subscriber: a client nothing refers to is closed when it is collected. */
  private final WebSocketClient client;
  private final ClientWebSocket socket;
  private String closeReason;

  private StreamSubscriber(Vertx vertx) {
    client = vertx.createWebSocketClient();
    socket = client.webSocket();
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> {
      closeReason = socket.closeReason();
      closed.complete(socket.closeStatusCode());
    });
  }

  private static WebSocketConnectOptions options(int port, String uri, String token) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    if (token != null) {
      options.addHeader("Authorization", "Bearer " + token);
    }
    return options;
  }

  static StreamSubscriber connect(Vertx vertx, int port, String uri, String token) {
    StreamSubscriber subscriber = new StreamSubscriber(vertx);
    subscriber.socket.connect(options(port, uri, token)).await();
    return subscriber;
  }

  /** The refusal of an upgrade that must not happen. */
  static UpgradeRejectedException refused(Vertx vertx, int port, String uri, String token) {
    StreamSubscriber subscriber = new StreamSubscriber(vertx);
    try {
      subscriber.socket.connect(options(port, uri, token)).await();
    } catch (UpgradeRejectedException refused) {
      return refused;
    } finally {
      subscriber.client.close();
    }
    throw new AssertionError(uri + " was upgraded to a WebSocket");
  }

  JsonObject next() {
    try {
      JsonObject frame = frames.poll(WAIT_MS, TimeUnit.MILLISECONDS);
      assertThat(frame).as("a frame within " + WAIT_MS + " ms").isNotNull();
      return frame;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The frames up to and with the first that {@code last} holds of. */
  List<JsonObject> through(Predicate<JsonObject> last) {
    List<JsonObject> got = new ArrayList<>();
    JsonObject frame;
    do {
      frame = next();
      got.add(frame);
    } while (!last.test(frame));
    return got;
  }

  /** The close code, once the server has closed the socket. */
  short closeCode() {
    try {
      return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket was not closed within " + WAIT_MS + " ms", e);
    }
  }

  String closeReason() {
    return closeReason;
  }

  @Override
  public void close() {
    client.close().await();
  }
}
