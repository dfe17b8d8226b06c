package io.axon.deploy.deployer.approval;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.events.OutboxRelay;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.deployer.AuditTrail;
import io.axon.deploy.deployer.approval.Approval.Action;
import io.axon.deploy.deployer.approval.Approval.Status;
import io.axon.deploy.deployer.deployment.Deployment;
import io.axon.deploy.deployer.deployment.Deployment.Rollback;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.axon.deploy.deployer.deployment.DeploymentStatus;
import io.axon.deploy.deployer.deployment.Gate;
import io.axon.deploy.deployer.deployment.Transitions;
import io.axon.deploy.deployer.environment.EnvironmentRepository;
import io.axon.deploy.deployer.rollout.RollbackPlan;
import io.axon.deploy.deployer.rollout.RolloutDriver;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;

/**
 * Approvals (DESIGN §3): listed, approved by distinct approvers who are not the requester, rejected
 * by one; the deployment (or rollback) they hold goes on when enough approve, and is aborted when one
 * rejects or the request expires.
 */
public final class ApprovalCommands {
  private static final int MAX_COMMENT = 2_000;
  private final Changes changes;
  private final Pool pool;
  private final ApprovalRepository approvals;
  private final DeploymentRepository deployments;
  private final EnvironmentRepository environments;
  private final Transitions transitions;
  private final Gate gate;
  private final AuditTrail audit;
  private final RolloutDriver driver;
  private final OutboxRelay relay;
  private final Clock clock;

  public ApprovalCommands(Changes changes, Pool pool, ApprovalRepository approvals, DeploymentRepository deployments,
      EnvironmentRepository environments, Transitions transitions, Gate gate, AuditTrail audit, RolloutDriver driver,
      OutboxRelay relay, Clock clock) {
    this.changes = changes;
    this.pool = pool;
    this.approvals = approvals;
    this.deployments = deployments;
    this.environments = environments;
    this.transitions = transitions;
    this.gate = gate;
    this.audit = audit;
    this.driver = driver;
    this.relay = relay;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(DeployerCommands.LIST_APPROVALS, this::list)
        .onChange(DeployerCommands.APPROVE, command -> vote(command, true))
        .onChange(DeployerCommands.REJECT, command -> vote(command, false));
  }

  private Future<Reply> list(Command command) {
    PageRequest page = PageRequest.fromJson(command.body());
    Optional<Status> status = Optional.ofNullable(command.body().getString("status")).map(text -> Status.fromWire(text)
        .orElseThrow(() -> Problem.at(ProblemType.MALFORMED, "/status", "status is one of pending, approved, rejected, expired")));
    return approvals.list(status, page.after(), page.limit() + 1)
        .map(found -> Reply.ok(page.page(new ArrayList<>(found), Approval::toJson, Approval::id)));
  }

  private Future<Reply> vote(Command command, boolean approve) {
    String id = String.valueOf(command.body().getValue("id"));
    String voter = command.requireActor().user();
    Object comment = command.body().getValue("comment");
    if (comment != null && (!(comment instanceof String text) || text.length() > MAX_COMMENT)) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/comment", "a comment is a string of at most " + MAX_COMMENT + " characters");
    }
    return changes.run(command, tx -> approvals.lock(tx, id)
            .map(found -> found.orElseThrow(() -> Problem.notFound("approval '" + id + "' does not exist")))
            .compose(approval -> {
              if (approval.status() != Status.PENDING) {
                throw Problem.conflict("approval " + id + " is " + approval.status().wire() + " already");
              }
              if (clock.instant().isAfter(approval.expiresAt())) {
                throw Problem.conflict("approval " + id + " expired at " + approval.expiresAt());
              }
              if (approval.requestedBy().equals(voter)) {
                throw new Problem(ProblemType.FORBIDDEN, voter + " asked for this; someone else must approve it").exception();
              }
              return approvals.vote(tx, id, voter, approve, Optional.ofNullable((String) comment))
                  .compose(counted -> counted ? approvals.lock(tx, id).map(Optional::orElseThrow)
                      : Future.failedFuture(Problem.conflict(voter + " has voted on approval " + id + " already")))
                  .compose(voted -> decide(tx, voted, approve, voter))
                  .compose(decided -> audit.append(tx, command, "approval." + (approve ? "approve" : "reject") + ":" + id
                          + ":" + voter, "approval." + (approve ? "approve" : "reject"), decided.subject(),
                          new JsonObject().put("deploymentId", decided.deploymentId()).put("comment", (String) comment))
                      .map(v -> Reply.ok(decided.toJson())));
            }))
        .onSuccess(reply -> driver.drive(reply.json().getString("deploymentId")));
  }

  /** After a vote: one rejection ends it; enough approvals let the deployment or the rollback go. */
  private Future<Approval> decide(SqlConnection tx, Approval approval, boolean approve, String voter) {
    Future<Deployment> held = deployments.lock(tx, approval.deploymentId()).map(Optional::orElseThrow);
    if (!approve) {
      return approvals.decide(tx, approval.id(), Status.REJECTED)
          .compose(v -> held)
          .compose(deployment -> announce(tx, deployment, approval, Status.REJECTED)
              .compose(e -> approval.action() == Action.DEPLOY && deployment.status() == DeploymentStatus.PENDING_APPROVAL
                  ? transitions.move(tx, deployment, DeploymentStatus.ABORTED, Optional.of("rejected by " + voter))
                  : Future.succeededFuture()))
          .map(v -> withStatus(approval, Status.REJECTED));
    }
    if (approval.approvals() < approval.required()) {
      return held.compose(deployment -> transitions.event(tx, deployment, DeployerEvents.APPROVAL_VOTED,
          approval.toJson().put("approvalId", approval.id()))).map(approval);
    }
    return approvals.decide(tx, approval.id(), Status.APPROVED)
        .compose(v -> held)
        .compose(deployment -> announce(tx, deployment, approval, Status.APPROVED).compose(e -> go(tx, deployment, approval)))
        .map(v -> withStatus(approval, Status.APPROVED));
  }

  private Future<Void> go(SqlConnection tx, Deployment deployment, Approval approval) {
    if (approval.action() == Action.DEPLOY) {
      if (deployment.status() != DeploymentStatus.PENDING_APPROVAL) {
        return Future.failedFuture(Problem.conflict("deployment " + deployment.id() + " is " + deployment.status().wire()));
      }
      return environments.require(deployment.environment()).compose(env -> gate.release(tx, deployment, env)).mapEmpty();
    }
    return transitions.rollBack(tx, deployment, new Rollback(Optional.ofNullable(approval.details().getString("targetVersion")),
        DeploymentStatus.ROLLED_BACK), approval.details().getString("reason", "rolled back"), RollbackPlan.of(deployment));
  }

  /** Expires the requests past their time; the deployments they held are aborted. */
  public Future<Void> expireOverdue() {
    return approvals.expired(clock.instant()).compose(ids -> Future.join(ids.stream().map(id ->
        pool.withTransaction(tx -> approvals.lock(tx, id).map(Optional::orElseThrow)
            .compose(approval -> approvals.decide(tx, id, Status.EXPIRED)
                .compose(v -> deployments.lock(tx, approval.deploymentId())).map(Optional::orElseThrow)
                .compose(deployment -> announce(tx, deployment, approval, Status.EXPIRED)
                    .compose(v -> approval.action() == Action.DEPLOY && deployment.status() == DeploymentStatus.PENDING_APPROVAL
                        ? transitions.move(tx, deployment, DeploymentStatus.ABORTED,
                            Optional.of("its approval expired at " + approval.expiresAt()))
                        : Future.succeededFuture())))))
        .toList()))
        .onSuccess(v -> relay.nudge()).mapEmpty();
  }

  private Future<Void> announce(SqlConnection tx, Deployment deployment, Approval approval, Status status) {
    return transitions.event(tx, deployment, DeployerEvents.APPROVAL_DECIDED,
        withStatus(approval, status).toJson().put("approvalId", approval.id()));
  }

  private static Approval withStatus(Approval approval, Status status) {
    return new Approval(approval.id(), approval.deploymentId(), approval.action(), status, approval.required(),
        approval.requestedBy(), approval.details(), approval.createdAt(), approval.expiresAt(), approval.votes());
  }
}
