package io.axon.deploy.monitor.health;

import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.monitor.InstanceStatus;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what polls changed on {@link MonitorCommands#EVENTS}, as CloudEvents whose subject is
 * {@code environments/{environment}/instances/{instanceId}} and whose data is the instance's view with
 * what it was before. Published as they happen, without an outbox: the monitor keeps no database,
 * and a consumer that missed one reads the whole state with {@code instances.list}.
 */
final class InstanceEvents {
  private static final Logger LOG = LoggerFactory.getLogger(InstanceEvents.class);
  static final String SOURCE = "monitor";

  private final EventBus bus;

  InstanceEvents(EventBus bus) {
    this.bus = bus;
  }

  void statusChanged(InstanceTracker.StatusChange change) {
    InstanceView view = change.view();
    String was = change.previous().map(InstanceStatus::wire).orElse(null);
    LOG.info("engine instance {} ({}, {}) is {}{}{}", view.instanceId(), view.environment(), view.endpoint(),
        view.status().wire(), was == null ? "" : " (was " + was + ")", change.reason().map(why -> ": " + why).orElse(""));
    publish(MonitorCommands.INSTANCE_STATUS_CHANGED, view, view.toJson().put("previousStatus", was));
  }

  void versionsChanged(InstanceTracker.VersionsChange change) {
    InstanceView view = change.view();
    LOG.info("engine instance {} ({}) now hosts {} (hosted {})", view.instanceId(), view.environment(),
        view.versions().size(), change.previous().size());
    JsonArray previous = new JsonArray();
    change.previous().stream().map(HostedVersion::toJson).forEach(previous::add);
    publish(MonitorCommands.INSTANCE_VERSIONS_CHANGED, view, view.toJson().put("previousVersions", previous));
  }

  static String subject(InstanceView view) {
    return "environments/" + view.environment() + "/instances/" + view.instanceId();
  }

  private void publish(String type, InstanceView view, JsonObject data) {
    bus.publish(MonitorCommands.EVENTS, CloudEvent.of(SOURCE, type, subject(view), data).toJson());
  }
}
