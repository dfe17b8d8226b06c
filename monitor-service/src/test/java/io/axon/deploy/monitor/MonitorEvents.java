package io.axon.deploy.monitor;

import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Every event the monitor publishes, as a subscriber receives it; waited for from the test thread. */
final class MonitorEvents {
  private final List<CloudEvent> received = new CopyOnWriteArrayList<>();
  private final MessageConsumer<JsonObject> consumer;

  MonitorEvents(Vertx vertx) {
    consumer = vertx.eventBus().consumer(MonitorCommands.EVENTS, message -> received.add(CloudEvent.fromJson(message.body())));
    consumer.completion().await();
  }

  /** The first event, in the order received, that matches; fails after {@code timeoutMs}. */
  CloudEvent await(String what, long timeoutMs, Predicate<CloudEvent> matching) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      for (CloudEvent event : received) {
        if (matching.test(event)) {
          return event;
        }
      }
      sleep(20);
    }
    throw new AssertionError("no event " + what + " within " + timeoutMs + " ms; received "
        + received.stream().map(e -> e.type() + " " + e.subject() + " " + e.data().getString("status")).toList());
  }

  List<CloudEvent> all() {
    return List.copyOf(received);
  }

  static Predicate<CloudEvent> status(String instanceId, String status) {
    return event -> MonitorCommands.INSTANCE_STATUS_CHANGED.equals(event.type())
        && instanceId.equals(event.data().getString("instanceId")) && status.equals(event.data().getString("status"));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
