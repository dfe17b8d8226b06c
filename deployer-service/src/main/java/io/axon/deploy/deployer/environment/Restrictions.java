package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What an environment takes and how (DESIGN §2), with two additions: how long an approval request
 * stays open ({@code approvalExpiry}) and a deployment's default progress deadline
 * ({@code progressDeadline}). Reading one checks every rule that needs no other environment; the
 * promotion source is checked against the others by {@link PromotionSources}.
 */
public record Restrictions(
    List<VersionStatus> allowedVersionStatuses,
    boolean requiresApproval,
    int approvalsRequired,
    int maxConcurrentDeployments,
    List<DeploymentWindow> deploymentWindows,
    List<Freeze> freezes,
    Optional<String> promotionSource,
    RollbackPolicy rollbackPolicy,
    Duration approvalExpiry,
    Duration progressDeadline) {

  public static final Duration DEFAULT_APPROVAL_EXPIRY = Duration.ofMillis(86_400_000);
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofMillis(3_600_000);
  static final Set<String> FIELDS = Set.of("allowedVersionStatuses", "requiresApproval", "approvalsRequired",
      "maxConcurrentDeployments", "deploymentWindows", "freezes", "promotionSource", "rollbackPolicy", "approvalExpiry",
      "progressDeadline");
  private static final int MAX_APPROVALS = 20;
  private static final int MAX_WINDOWS = 50;
  private static final int MAX_FREEZES = 100;

  public Restrictions {
    allowedVersionStatuses = List.copyOf(allowedVersionStatuses);
    deploymentWindows = List.copyOf(deploymentWindows);
    freezes = List.copyOf(freezes);
  }

  public DeploymentSchedule schedule() {
    return new DeploymentSchedule(deploymentWindows, freezes);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("allowedVersionStatuses", allowedVersionStatuses.stream().map(VersionStatus::wire)
            .collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
        .put("requiresApproval", requiresApproval)
        .put("approvalsRequired", approvalsRequired)
        .put("maxConcurrentDeployments", maxConcurrentDeployments)
        .put("deploymentWindows", deploymentWindows.stream().map(DeploymentWindow::toJson)
            .collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
        .put("freezes", freezes.stream().map(Freeze::toJson)
            .collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
        .put("promotionSource", promotionSource.orElse(null))
        .put("rollbackPolicy", rollbackPolicy.toJson())
        .put("approvalExpiry", approvalExpiry.toMillis())
        .put("progressDeadline", progressDeadline.toMillis());
  }

  /** Restrictions as stored, which were checked when they were written. */
  public static Restrictions fromJson(JsonObject json) {
    Findings findings = new Findings();
    Restrictions restrictions = read(json, "", findings);
    if (!findings.clean()) {
      throw new IllegalStateException("stored restrictions break their rules: " + findings.all());
    }
    return restrictions;
  }

  /**
   * The restrictions in {@code json} at {@code at}, every problem with them recorded in
   * {@code findings}; what is returned stands for them only when nothing was recorded.
   */
  static Restrictions read(JsonObject json, String at, Findings findings) {
    findings.onlyFields(json, at, FIELDS);
    List<VersionStatus> statuses = statuses(findings.array(json, "allowedVersionStatuses", at, true),
        at + "/allowedVersionStatuses", findings, json.getValue("allowedVersionStatuses") instanceof JsonArray);
    boolean requiresApproval = findings.flag(json, "requiresApproval", at, true, false);
    long approvals = findings.whole(json, "approvalsRequired", at, false, requiresApproval ? 1 : 0,
        requiresApproval ? 1 : 0, MAX_APPROVALS, requiresApproval ? " when approval is required" : "");
    long concurrent = findings.whole(json, "maxConcurrentDeployments", at, true, 1, 1, 1000, "");
    List<DeploymentWindow> windows = windows(findings.array(json, "deploymentWindows", at, false), at + "/deploymentWindows", findings);
    List<Freeze> freezes = freezes(findings.array(json, "freezes", at, false), at + "/freezes", findings);
    String source = findings.text(json, "promotionSource", at, false);
    if (source != null && source.isBlank()) {
      findings.broken(at + "/promotionSource", "names an environment, or is null for none");
    }
    JsonObject policy = findings.object(json, "rollbackPolicy", at, true);
    RollbackPolicy rollback = policy == null ? RollbackPolicy.read(new JsonObject(), at + "/rollbackPolicy", new Findings())
        : RollbackPolicy.read(policy, at + "/rollbackPolicy", findings);
    long expiry = findings.whole(json, "approvalExpiry", at, false, DEFAULT_APPROVAL_EXPIRY.toMillis(), 1, Trigger.MAX_MS,
        " milliseconds");
    long deadline = findings.whole(json, "progressDeadline", at, false, DEFAULT_PROGRESS_DEADLINE.toMillis(), 1,
        Trigger.MAX_MS, " milliseconds");
    return new Restrictions(statuses, requiresApproval, (int) approvals, (int) concurrent, windows, freezes,
        Optional.ofNullable(source), rollback, Duration.ofMillis(expiry), Duration.ofMillis(deadline));
  }

  private static List<VersionStatus> statuses(JsonArray given, String at, Findings findings, boolean present) {
    List<VersionStatus> statuses = new ArrayList<>();
    if (present && given.isEmpty()) {
      findings.broken(at, "at least one status; to stop deployments for a while, add a freeze");
    }
    for (int i = 0; i < given.size(); i++) {
      String name = findings.text(given.getValue(i), at + "/" + i);
      if (name == null) {
        continue;
      }
      Optional<VersionStatus> status = EnumSet.allOf(VersionStatus.class).stream().filter(s -> s.wire().equals(name)).findFirst();
      if (status.isEmpty()) {
        findings.broken(at + "/" + i, "unknown status '" + DeploymentWindow.shorten(name) + "'; one of draft, published, deprecated");
      } else if (status.get() == VersionStatus.ARCHIVED) {
        findings.broken(at + "/" + i, "archived versions cannot be deployed; one of draft, published, deprecated");
      } else if (statuses.contains(status.get())) {
        findings.broken(at + "/" + i, "'" + name + "' is listed twice");
      } else {
        statuses.add(status.get());
      }
    }
    return statuses;
  }

  private static List<DeploymentWindow> windows(JsonArray given, String at, Findings findings) {
    if (given.size() > MAX_WINDOWS) {
      findings.broken(at, "at most " + MAX_WINDOWS + " windows");
    }
    List<DeploymentWindow> windows = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < Math.min(given.size(), MAX_WINDOWS); i++) {
      DeploymentWindow window = DeploymentWindow.read(given.getValue(i), at + "/" + i, findings);
      if (window != null) {
        overlaps(windows, positions, window, i, at, findings);
        windows.add(window);
        positions.add(i);
      }
    }
    return windows;
  }

  /** Two windows of one zone that share a day and overlap in time are one window written twice, or a mistake. */
  private static void overlaps(List<DeploymentWindow> earlier, List<Integer> positions, DeploymentWindow window, int index,
      String at, Findings findings) {
    for (int j = 0; j < earlier.size(); j++) {
      DeploymentWindow other = earlier.get(j);
      if (!other.zone().equals(window.zone())) {
        continue;
      }
      Set<DayOfWeek> shared = EnumSet.copyOf(window.days());
      shared.retainAll(other.days());
      if (!shared.isEmpty() && startsBeforeEnd(window, other) && startsBeforeEnd(other, window)) {
        findings.broken(at + "/" + index, "overlaps window " + positions.get(j) + " on "
            + DeploymentWindow.dayName(EnumSet.copyOf(shared).iterator().next()) + "; merge them");
        return;
      }
    }
  }

  private static boolean startsBeforeEnd(DeploymentWindow a, DeploymentWindow b) {
    return b.end().equals(java.time.LocalTime.MIDNIGHT) || a.start().isBefore(b.end());
  }

  private static List<Freeze> freezes(JsonArray given, String at, Findings findings) {
    if (given.size() > MAX_FREEZES) {
      findings.broken(at, "at most " + MAX_FREEZES + " freezes");
    }
    List<Freeze> freezes = new ArrayList<>();
    for (int i = 0; i < Math.min(given.size(), MAX_FREEZES); i++) {
      Freeze freeze = Freeze.read(given.getValue(i), at + "/" + i, findings);
      if (freeze != null) {
        freezes.add(freeze);
      }
    }
    return freezes;
  }
}
