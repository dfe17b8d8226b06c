package io.axon.deploy.gateway.stream;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One gateway event loop's fan-out to its WebSocket subscribers: it takes the deployer's and the
 * monitor's events off the bus, drops repeats by id, works out which environment and workflow each
 * concerns, and hands each, encoded once, to the streams that want it, in the order they came. It
 * also closes the streams whose token was revoked or has expired (1008), within
 * {@link #TOKEN_CHECK_MS} of this gateway's token view learning of it.
 */
public final class EventHub {
  static final long TOKEN_CHECK_MS = 1_000;
  private static final int IDS_KEPT = 4_096;
  private static final String DEPLOYMENTS = "deployments/";

  private final Vertx vertx;
  private final Predicate<String> tokenValid;
  private final Set<EventStream> streams = new LinkedHashSet<>();
  private final RecentIds seen = new RecentIds(IDS_KEPT);
  private final DeploymentScopes scopes = new DeploymentScopes(IDS_KEPT);
  private MessageConsumer<Object> deployerEvents;
  private MessageConsumer<Object> monitorEvents;
  private long timer = -1;

  /** {@code tokenValid}: whether the token of a digest is still valid, as the token view says now. */
  public EventHub(Vertx vertx, Predicate<String> tokenValid) {
    this.vertx = vertx;
    this.tokenValid = tokenValid;
  }

  public Future<Void> start() {
    deployerEvents = vertx.eventBus().consumer(DeployerEvents.ADDRESS, message -> onDeployerEvent(message.body()));
    monitorEvents = vertx.eventBus().consumer(MonitorCommands.EVENTS, message -> onMonitorEvent(message.body()));
    timer = vertx.setPeriodic(TOKEN_CHECK_MS, id -> closeUnauthorised());
    return Future.all(deployerEvents.completion(), monitorEvents.completion()).mapEmpty();
  }

  /** Says goodbye to every subscriber (1001) and stops listening. */
  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    List.copyOf(streams).forEach(stream -> stream.close(EventStream.GOING_AWAY, "the gateway is stopping; reconnect"));
    return Future.join(deployerEvents == null ? Future.succeededFuture() : deployerEvents.unregister(),
        monitorEvents == null ? Future.succeededFuture() : monitorEvents.unregister()).mapEmpty();
  }

  /** A stream that takes events from now on, held until its socket is attached. */
  EventStream open(StreamFilter filter, String tokenDigest, String label) {
    EventStream stream = new EventStream(this, filter, tokenDigest, label);
    streams.add(stream);
    return stream;
  }

  void remove(EventStream stream) {
    streams.remove(stream);
  }

  /** Notes the environment and workflow of a deployment read for a snapshot. */
  void learn(JsonObject deployment) {
    scopes.learn(deployment.getString("id"), deployment.getString("environment"), deployment.getString("workflow"));
  }

  int subscribers() {
    return streams.size();
  }

  /**
   * Deployment events ({@code deployments/{id}}) and routing revisions: their data names the
   * environment and workflow; where a deployment event does not, the deployment's earlier events or
   * snapshot did.
   */
  private void onDeployerEvent(Object body) {
    if (!(body instanceof JsonObject event) || !seen.firstTime(text(event, "id"))) {
      return;
    }
    String subject = text(event, "subject");
    JsonObject data = event.getValue("data") instanceof JsonObject object ? object : new JsonObject();
    String environment = text(data, "environment");
    String workflow = text(data, "workflow");
    if (subject != null && subject.startsWith(DEPLOYMENTS)) {
      String deploymentId = subject.substring(DEPLOYMENTS.length());
      scopes.learn(deploymentId, environment, workflow);
      Optional<DeploymentScopes.Scope> known = scopes.of(deploymentId);
      environment = environment != null ? environment : known.map(DeploymentScopes.Scope::environment).orElse(null);
      workflow = workflow != null ? workflow : known.map(DeploymentScopes.Scope::workflow).orElse(null);
    }
    dispatch(event, subject, environment, workflow, false);
  }

  /** An instance's health or versions changed: it concerns its environment, every workflow there. */
  private void onMonitorEvent(Object body) {
    if (!(body instanceof JsonObject event) || !seen.firstTime(text(event, "id"))) {
      return;
    }
    JsonObject data = event.getValue("data") instanceof JsonObject object ? object : new JsonObject();
    dispatch(event, text(event, "subject"), text(data, "environment"), null, true);
  }

  private void dispatch(JsonObject event, String subject, String environment, String workflow, boolean everyWorkflow) {
    if (streams.isEmpty()) {
      return;
    }
    StreamEvent streamed = new StreamEvent(event, subject, environment, workflow, everyWorkflow);
    for (EventStream stream : List.copyOf(streams)) { // a stream too far behind leaves the set while it is walked
      if (stream.filter().matches(streamed)) {
        stream.offer(streamed.text());
      }
    }
  }

  /** Every role may read deployments and health (as every role may GET them), so only a token gone ends a stream. */
  private void closeUnauthorised() {
    for (EventStream stream : List.copyOf(streams)) {
      if (!tokenValid.test(stream.tokenDigest())) {
        stream.close(EventStream.POLICY_VIOLATION, "the token was revoked or has expired");
      }
    }
  }

  private static String text(JsonObject json, String field) {
    return json.getValue(field) instanceof String text ? text : null;
  }
}
