package io.axon.deploy.deployer.environment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** How deployments in an environment roll back (DESIGN §2): by themselves on triggers, and by hand. */
public record RollbackPolicy(Automatic automatic, Manual manual) {
  private static final int MAX_TRIGGERS = 20;

  /** Rolls back when a trigger fires within {@code timeout} of the deployment's end. */
  public record Automatic(boolean enabled, List<Trigger> triggers, Duration timeout) {
    public Automatic {
      triggers = List.copyOf(triggers);
    }
  }

  /** Whether a rollback may be asked for by hand, and whether it then needs an approval. */
  public record Manual(boolean enabled, boolean approvalRequired) {
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("automatic", new JsonObject().put("enabled", automatic.enabled())
            .put("triggers", automatic.triggers().stream().map(Trigger::toJson)
                .collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
            .put("timeout", automatic.timeout().toMillis()))
        .put("manual", new JsonObject().put("enabled", manual.enabled()).put("approvalRequired", manual.approvalRequired()));
  }

  /** The policy in {@code json} at {@code at}, every problem with it recorded (a stand-in is returned then). */
  static RollbackPolicy read(JsonObject json, String at, Findings findings) {
    findings.onlyFields(json, at, Set.of("automatic", "manual"));
    JsonObject automatic = findings.object(json, "automatic", at, true);
    JsonObject manual = findings.object(json, "manual", at, true);
    return new RollbackPolicy(
        automatic == null ? new Automatic(false, List.of(), Duration.ofMillis(1)) : automatic(automatic, at + "/automatic", findings),
        manual == null ? new Manual(false, false) : manual(manual, at + "/manual", findings));
  }

  private static Automatic automatic(JsonObject json, String at, Findings findings) {
    findings.onlyFields(json, at, Set.of("enabled", "triggers", "timeout"));
    boolean enabled = findings.flag(json, "enabled", at, true, false);
    JsonArray given = findings.array(json, "triggers", at, true);
    if (given.size() > MAX_TRIGGERS) {
      findings.broken(at + "/triggers", "at most " + MAX_TRIGGERS + " triggers");
    }
    List<Trigger> triggers = new ArrayList<>();
    for (int i = 0; i < Math.min(given.size(), MAX_TRIGGERS); i++) {
      Trigger trigger = Trigger.read(given.getValue(i), at + "/triggers/" + i, findings);
      if (trigger != null) {
        triggers.add(trigger);
      }
    }
    long timeout = findings.whole(json, "timeout", at, true, 1, 1, Trigger.MAX_MS, " milliseconds");
    return new Automatic(enabled, triggers, Duration.ofMillis(timeout));
  }

  private static Manual manual(JsonObject json, String at, Findings findings) {
    findings.onlyFields(json, at, Set.of("enabled", "approvalRequired"));
    return new Manual(findings.flag(json, "enabled", at, true, false), findings.flag(json, "approvalRequired", at, true, false));
  }
}
