package io.axon.deploy.gateway.stream;

import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber: its filter, the token it came with, and its WebSocket once the handshake is done.
 * Events are taken from the moment it is opened, before its snapshot is read, and held until the
 * snapshot has gone: none is lost between the snapshot and the live events, and none overtakes the
 * snapshot. Frames wait in a queue of at most {@link #MOST_PENDING} while the socket cannot take
 * more; a subscriber that falls further behind is closed (1013, try again later), so a slow reader
 * costs a bounded amount of memory and reconnects to a fresh snapshot.
 */
final class EventStream {
  static final int MOST_PENDING = 512;
  static final short GOING_AWAY = 1001;
  static final short POLICY_VIOLATION = 1008;
  static final short TRY_AGAIN_LATER = 1013;
  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("axon.gateway.access");

  private final EventHub hub;
  private final StreamFilter filter;
  private final String tokenDigest;
  private final String label;
  private final ArrayDeque<String> pending = new ArrayDeque<>();
  private ServerWebSocket socket;
  private boolean closed;
  private short closeCode;
  private String closeReason;
  private long openedAt;

  /** {@code label}: how the access log names it, {@code [request id] GET path}. */
  EventStream(EventHub hub, StreamFilter filter, String tokenDigest, String label) {
    this.hub = hub;
    this.filter = filter;
    this.tokenDigest = tokenDigest;
    this.label = label;
  }

  StreamFilter filter() {
    return filter;
  }

  String tokenDigest() {
    return tokenDigest;
  }

  /** Sends {@code frame} now when the socket can take it, else queues it (closing a subscriber too far behind). */
  void offer(String frame) {
    if (closed) {
      return;
    }
    if (socket != null && pending.isEmpty() && !socket.isClosed() && !socket.writeQueueFull()) {
      socket.writeTextMessage(frame);
      return;
    }
    pending.add(frame);
    if (pending.size() > MOST_PENDING) {
      close(TRY_AGAIN_LATER, "too slow: more than " + MOST_PENDING + " events waiting; reconnect for a new snapshot");
    }
  }

  /** The handshake is done: sends {@code first} (the snapshots), then what arrived meanwhile, then live events. */
  void attach(ServerWebSocket socket, List<String> first) {
    this.socket = socket;
    openedAt = System.currentTimeMillis();
    ACCESS.info("{} 101 (stream opened)", label);
    socket.closeHandler(v -> {
      forget();
      ACCESS.info("{} stream closed after {}s: {} {}", label, (System.currentTimeMillis() - openedAt) / 1000,
          closeCode != 0 ? closeCode : socket.closeStatusCode(), closeCode != 0 ? closeReason : "by the client");
    });
    socket.exceptionHandler(failure -> LOG.debug("{}: {}", label, failure.toString()));
    socket.handler(ignored -> {
      // the server sends, the client has nothing to say: what it sends anyway is dropped
    });
    if (closed) { // fell too far behind, or its token went, during the handshake
      socket.close(closeCode, closeReason);
      return;
    }
    socket.drainHandler(v -> flush());
    first.forEach(socket::writeTextMessage);
    flush();
  }

  /** Gives up a stream whose handshake did not happen. */
  void cancel() {
    forget();
  }

  /** Closes with {@code code} and {@code reason} (at most 123 bytes, as a close frame allows). */
  void close(short code, String reason) {
    if (closed) {
      return;
    }
    closeCode = code;
    closeReason = reason;
    forget();
    if (socket != null && !socket.isClosed()) {
      socket.close(code, reason);
    }
  }

  private void flush() {
    while (!closed && !pending.isEmpty() && !socket.isClosed() && !socket.writeQueueFull()) {
      socket.writeTextMessage(pending.poll());
    }
  }

  private void forget() {
    closed = true;
    pending.clear();
    hub.remove(this);
  }
}
