package io.axon.deploy.monitor.health;

import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.monitor.InstanceStatus;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.InstanceView.HostedVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the monitor knows of one engine instance (one place where discovery says an instance is):
 * its status and consecutive failures, its last health report, the versions it hosts and the node
 * types it offers; and what changed with each poll. Plain Java with JSON values, no Vert.x runtime:
 * it lives on the monitor's event loop.
 */
public final class InstanceTracker {
  private static final Comparator<HostedVersion> BY_WORKFLOW_AND_VERSION =
      Comparator.comparing(HostedVersion::workflow).thenComparing(HostedVersion::version);

  private final EngineInstance instance;
  private Set<String> registrations = Set.of();
  private Optional<InstanceStatus> status = Optional.empty();
  private int failures;
  private JsonObject health = new JsonObject();
  private Optional<List<HostedVersion>> versions = Optional.empty();
  private Map<String, String> nodeTypes = Map.of();
  private Map<String, String> services = Map.of();
  private Map<String, String> libraries = Map.of();
  private boolean polling;
  private boolean stale;

  public InstanceTracker(EngineInstance instance) {
    this.instance = instance;
  }

  /** One poll's reading: the probe the judge decides on, and for an answer the two reports. */
  public record Poll(Probe probe, JsonObject health, JsonObject info) {
    public static Poll unanswered(String reason) {
      return new Poll(new Probe.Unanswered(reason), null, null);
    }

    /**
     * The answers of {@code /health} and {@code /info}: a probe when both say what the contract
     * asks (a status, and who answers), else unanswered. A health report without a score is taken
     * at its word: 100 when healthy, 0 otherwise.
     */
    public static Poll answered(JsonObject health, JsonObject info) {
      if (!(health.getValue("status") instanceof String status)) {
        return unanswered("/health answered without a status");
      }
      if (!(info.getValue("instanceId") instanceof String instanceId)) {
        return unanswered("/info answered without an instanceId");
      }
      int score = health.getValue("score") instanceof Number number ? number.intValue()
          : HealthJudge.HEALTHY.equals(status) ? 100 : 0;
      return new Poll(new Probe.Answered(status, score, instanceId), health, info);
    }
  }

  /** What a poll changed: the status (its first verdict included), the hosted versions, whether the record is stale. */
  public record Update(Optional<StatusChange> status, Optional<VersionsChange> versions, boolean stale) {
  }

  /** {@code previous} is empty at the first verdict. */
  public record StatusChange(Optional<InstanceStatus> previous, InstanceView view, Optional<String> reason) {
  }

  public record VersionsChange(List<HostedVersion> previous, InstanceView view) {
  }

  public Update observe(Poll poll, HealthJudge judge, Instant at) {
    HealthJudge.Verdict verdict = judge.judge(status, failures, instance.instanceId(), poll.probe());
    failures = verdict.consecutiveFailures();
    stale = verdict.stale();
    Optional<List<HostedVersion>> before = versions;
    if (poll.probe() instanceof Probe.Answered && !stale) {
      health = poll.health().copy().put("lastCheck", at.toString()).put("consecutiveFailures", 0);
      versions = hostedVersions(poll.info());
      nodeTypes = InstanceView.offered(poll.info().getValue("nodeTypes"));
      services = InstanceView.offered(poll.info().getValue("services"));
      libraries = InstanceView.offered(poll.info().getValue("libraries"));
    } else {
      health = new JsonObject().put("status", stale ? "stale" : "unreachable").put("score", 0)
          .put("error", verdict.reason().orElse(null)).put("consecutiveFailures", failures).put("lastCheck", at.toString());
    }
    Optional<InstanceStatus> previous = status;
    status = verdict.status();
    Optional<StatusChange> statusChange = status.isPresent() && !status.equals(previous)
        ? Optional.of(new StatusChange(previous, view().orElseThrow(), verdict.reason())) : Optional.empty();
    Optional<VersionsChange> versionsChange = before.isPresent() && versions.isPresent() && status.isPresent()
        && !new HashSet<>(before.get()).equals(new HashSet<>(versions.get()))
        ? Optional.of(new VersionsChange(before.get(), view().orElseThrow())) : Optional.empty();
    return new Update(statusChange, versionsChange, stale);
  }

  /** The instance as {@link io.axon.deploy.common.monitor.MonitorCommands#LIST_INSTANCES} shows it, once judged. */
  public Optional<InstanceView> view() {
    return status.map(judged -> new InstanceView(instance.instanceId(), instance.environment(), instance.endpoint(),
        judged, health.copy(), versions.orElse(List.of()), nodeTypes, services, libraries));
  }

  public EngineInstance instance() {
    return instance;
  }

  /** The discovery registrations that name this instance at this place (one, unless it announced itself twice). */
  public Set<String> registrations() {
    return registrations;
  }

  public void registrations(Set<String> current) {
    registrations = Set.copyOf(current);
  }

  public boolean polling() {
    return polling;
  }

  public void polling(boolean inFlight) {
    polling = inFlight;
  }

  /** Whether the last poll found another instance answering at this one's address. */
  public boolean stale() {
    return stale;
  }

  /** After its record could not be taken out of discovery: polled (and judged) again. */
  public void retryStale() {
    stale = false;
  }

  /** The versions {@code /info} lists, or empty when it lists none (an engine that does not say). */
  private static Optional<List<HostedVersion>> hostedVersions(JsonObject info) {
    if (!(info.getValue("versions") instanceof JsonArray listed)) {
      return Optional.empty();
    }
    return Optional.of(listed.stream()
        .filter(item -> item instanceof JsonObject json && json.getValue("workflow") instanceof String
            && json.getValue("version") instanceof String)
        .map(item -> HostedVersion.fromJson((JsonObject) item))
        .distinct()
        .sorted(BY_WORKFLOW_AND_VERSION)
        .toList());
  }
}
