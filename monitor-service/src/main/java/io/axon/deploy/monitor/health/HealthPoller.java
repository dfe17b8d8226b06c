package io.axon.deploy.monitor.health;

import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.monitor.InstanceView;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.servicediscovery.Record;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every engine instance that service discovery lists, every {@code pollMs}: {@code GET /health}
 * and {@code GET /info} at once, on kept-alive connections, each given at most three quarters of the
 * interval (so that an instance that hangs, rather than refuses, is still judged once per interval).
 * A poll still running when the next tick comes is not doubled: that instance skips the tick. An
 * instance that left discovery is forgotten; one whose address answers as another instance has its
 * stale record taken out of discovery. Everything runs on the monitor's event loop.
 */
public final class HealthPoller {
  private static final Logger LOG = LoggerFactory.getLogger(HealthPoller.class);
  private static final Comparator<InstanceView> LISTING = Comparator.comparing(InstanceView::environment)
      .thenComparing(InstanceView::instanceId).thenComparing(InstanceView::endpoint);

  private final Vertx vertx;
  private final ServiceDiscovery discovery;
  private final HealthJudge judge;
  private final InstanceEvents events;
  private final long pollMs;
  private final long timeoutMs;
  private final WebClient client;
  private final Map<EngineInstance, InstanceTracker> trackers = new HashMap<>();
  private boolean listing;
  private boolean stopped;
  private long timer = -1;

  public HealthPoller(Vertx vertx, ServiceDiscovery discovery, HealthJudge judge, long pollMs) {
    this.vertx = vertx;
    this.discovery = discovery;
    this.judge = judge;
    this.events = new InstanceEvents(vertx.eventBus());
    this.pollMs = pollMs;
    this.timeoutMs = Math.max(10, pollMs * 3 / 4);
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setUserAgent("axon-monitor")
        .setConnectTimeout((int) timeoutMs));
  }

  /** Polls at once, then every {@code pollMs}. */
  public void start() {
    tick();
    timer = vertx.setPeriodic(pollMs, id -> tick());
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
  }

  /** The instances judged so far, of {@code environment} or all, by environment and instance id. */
  public List<InstanceView> views(Optional<String> environment) {
    return trackers.values().stream()
        .map(InstanceTracker::view).flatMap(Optional::stream)
        .filter(view -> environment.map(view.environment()::equals).orElse(true))
        .sorted(LISTING)
        .toList();
  }

  private void tick() {
    if (listing || stopped) {
      return;
    }
    listing = true;
    discovered()
        .onComplete(listed -> listing = false)
        .onSuccess(this::reconcile)
        .onFailure(failure -> LOG.warn("service discovery could not list the engine instances: {}", failure.toString()));
  }

  /** Every engine instance in discovery, with the registrations that name it there. */
  private Future<Map<EngineInstance, Set<String>>> discovered() {
    return discovery.getRecords(record -> EngineInstance.SERVICE_NAME.equals(record.getName())).map(records -> {
      Map<EngineInstance, Set<String>> found = new HashMap<>();
      for (Record record : records) {
        EngineInstance.fromRecord(record).ifPresent(instance ->
            found.computeIfAbsent(instance, key -> new HashSet<>()).add(record.getRegistration()));
      }
      return found;
    });
  }

  private void reconcile(Map<EngineInstance, Set<String>> found) {
    if (stopped) {
      return;
    }
    trackers.keySet().removeIf(instance -> !found.containsKey(instance));
    found.forEach((instance, registrations) ->
        trackers.computeIfAbsent(instance, InstanceTracker::new).registrations(registrations));
    List.copyOf(trackers.values()).stream()
        .filter(tracker -> !tracker.polling() && !tracker.stale())
        .forEach(this::poll);
  }

  private void poll(InstanceTracker tracker) {
    tracker.polling(true);
    probe(tracker.instance())
        .onComplete(done -> tracker.polling(false))
        .onSuccess(poll -> judged(tracker, poll));
  }

  /** Both reports, or why there is no usable answer; never fails. */
  private Future<InstanceTracker.Poll> probe(EngineInstance instance) {
    Future<JsonObject> health = get(instance, "/health");
    Future<JsonObject> info = get(instance, "/info");
    return Future.join(health, info)
        .map(both -> InstanceTracker.Poll.answered(health.result(), info.result()))
        .otherwise(failure -> InstanceTracker.Poll.unanswered(reason(health.failed() ? health.cause() : info.cause())));
  }

  private static String reason(Throwable failure) {
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }

  /**
   * A report as a JSON object: a 2xx answer's, or a 503's (an engine may answer {@code /health} with
   * 503 when it judges itself unhealthy, and says why in the body).
   */
  private Future<JsonObject> get(EngineInstance instance, String path) {
    return client.getAbs(instance.endpoint() + path).timeout(timeoutMs).send().compose(response -> {
      JsonObject body = jsonObject(response);
      boolean usable = body != null && (response.statusCode() / 100 == 2 || response.statusCode() == 503);
      return usable ? Future.succeededFuture(body)
          : Future.failedFuture(new IllegalStateException("GET " + path + " answered " + response.statusCode()
              + (body == null ? " without a JSON object" : "")));
    });
  }

  private static JsonObject jsonObject(HttpResponse<Buffer> response) {
    try {
      return response.body() == null ? null : response.bodyAsJsonObject();
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  private void judged(InstanceTracker tracker, InstanceTracker.Poll poll) {
    if (stopped || trackers.get(tracker.instance()) != tracker) {
      return; // it left discovery while it was polled
    }
    InstanceTracker.Update update = tracker.observe(poll, judge, Instant.now());
    update.status().ifPresent(events::statusChanged);
    update.versions().ifPresent(events::versionsChanged);
    if (update.stale()) {
      unpublish(tracker);
    }
  }

  /** Takes a stale record out of discovery; the next tick forgets the instance, or polls it again if that failed. */
  private void unpublish(InstanceTracker tracker) {
    EngineInstance instance = tracker.instance();
    Future.join(tracker.registrations().stream().map(discovery::unpublish).toList())
        .onSuccess(done -> LOG.warn("took the stale discovery record of engine instance {} at {} out of discovery:"
            + " another instance answers there", instance.instanceId(), instance.endpoint()))
        .onFailure(failure -> {
          LOG.warn("could not take the stale discovery record of {} at {} out of discovery: {}", instance.instanceId(),
              instance.endpoint(), failure.toString());
          tracker.retryStale();
        });
  }
}
