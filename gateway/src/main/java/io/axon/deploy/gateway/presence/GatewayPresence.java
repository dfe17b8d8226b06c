package io.axon.deploy.gateway.presence;

import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.gateway.GatewayEvents;
import io.axon.deploy.common.gateway.GatewayHeartbeat;
import io.axon.deploy.common.gateway.RoutingAcknowledgement;
import io.axon.deploy.common.gateway.RoutingRevision;
import io.axon.deploy.gateway.routing.RoutingView;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The presence of one gateway process, deployed once per process beside its routing verticles: it
 * announces the process on {@link GatewayEvents#ADDRESS} every {@code heartbeatMs} with the routing
 * revisions all of its event loops route by, and acknowledges a revision the moment the last of them
 * applies it. Each routing view reports what it applies through its {@link Attachment}, from its own
 * event loop; the reports are handed to this verticle's context, which alone keeps the bookkeeping,
 * so no lock is taken and the execution path pays nothing.
 */
public final class GatewayPresence extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayPresence.class);

  private final String gatewayId;
  private final long heartbeatMs;
  private final Instant startedAt = Instant.now();
  private final AppliedRevisions revisions = new AppliedRevisions();
  private final AtomicInteger views = new AtomicInteger();
  private long timer = -1;

  public GatewayPresence(String gatewayId, long heartbeatMs) {
    this.gatewayId = gatewayId;
    this.heartbeatMs = heartbeatMs;
  }

  public String gatewayId() {
    return gatewayId;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(heartbeatMs, id -> heartbeat());
    LOG.info("gateway {} announces itself on {} every {} ms", gatewayId, GatewayEvents.ADDRESS, heartbeatMs);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (revisions.views() > 0) {
      stopped();
    }
    return Future.succeededFuture();
  }

  /**
   * A routing view that routes from now on, called from its event loop before it applies anything: no
   * newer revision is acknowledged until it has applied it too.
   */
  public Attachment attach() {
    int view = views.incrementAndGet();
    context.runOnContext(v -> {
      boolean first = revisions.views() == 0;
      revisions.attach(view);
      if (first) {
        heartbeat(); // the deployer learns of the gateway now, not a second later
      }
    });
    return new Attachment(view);
  }

  /** One routing view's line to the presence; its calls keep their order (one event loop to one context). */
  public final class Attachment implements RoutingView.Applied {
    private final int view;

    private Attachment(int view) {
      this.view = view;
    }

    @Override
    public void applied(String environment, String workflow, long revision) {
      context.runOnContext(v -> revisions.applied(view, environment, workflow, revision).ifPresent(GatewayPresence.this::acknowledge));
    }

    /** The view stops routing. */
    public void detach() {
      context.runOnContext(v -> {
        revisions.detach(view).forEach(GatewayPresence.this::acknowledge);
        if (revisions.views() == 0) {
          stopped();
        }
      });
    }
  }

  private void acknowledge(RoutingRevision revision) {
    publish(GatewayEvents.ACKNOWLEDGED, new RoutingAcknowledgement(gatewayId, revision).toJson());
  }

  private void heartbeat() {
    if (revisions.views() > 0) {
      publish(GatewayEvents.HEARTBEAT, new GatewayHeartbeat(gatewayId, startedAt, revisions.views(), revisions.everywhere()).toJson());
    }
  }

  private void stopped() {
    publish(GatewayEvents.STOPPED, new JsonObject().put("gatewayId", gatewayId));
  }

  private void publish(String type, JsonObject data) {
    vertx.eventBus().publish(GatewayEvents.ADDRESS,
        CloudEvent.of(GatewayEvents.SOURCE, type, GatewayEvents.subject(gatewayId), data).toJson());
  }
}
