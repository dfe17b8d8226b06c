package io.axon.deploy.deployer.approval;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request for approval (DESIGN §3): of a deployment into an environment that requires it, or of
 * a manual rollback where the rollback policy asks for one. {@code required} distinct approvers,
 * never the requester; one rejection ends it; it expires at {@code expiresAt}.
 */
public record Approval(String id, String deploymentId, Action action, Status status, int required, String requestedBy,
    JsonObject details, Instant createdAt, Instant expiresAt, List<Vote> votes) {

  public enum Action {
    DEPLOY, ROLLBACK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public enum Status {
    PENDING, APPROVED, REJECTED, EXPIRED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Status> fromWire(String value) {
      try {
        return Optional.of(valueOf(value.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
  }

  public record Vote(String user, boolean approve, Optional<String> comment, Instant at) {
    JsonObject toJson() {
      return new JsonObject().put("user", user).put("at", at.toString()).put("comment", comment.orElse(null));
    }
  }

  public Approval {
    votes = List.copyOf(votes);
  }

  public long approvals() {
    return votes.stream().filter(Vote::approve).count();
  }

  public String subject() {
    return "approvals/" + id;
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("deploymentId", deploymentId).put("action", action.wire())
        .put("status", status.wire()).put("requiredApprovals", required)
        .put("approvals", new JsonArray(votes.stream().filter(Vote::approve).map(Vote::toJson).toList()))
        .put("rejections", new JsonArray(votes.stream().filter(v -> !v.approve()).map(Vote::toJson).toList()))
        .put("requestedBy", requestedBy).put("details", details)
        .put("createdAt", createdAt.toString()).put("expiresAt", expiresAt.toString());
  }
}
