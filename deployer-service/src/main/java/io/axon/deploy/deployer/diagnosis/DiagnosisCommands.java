package io.axon.deploy.deployer.diagnosis;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.deployer.deployment.DeploymentRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@link DeployerCommands#DIAGNOSE_DEPLOYMENT}: the deployment read back, and {@link Diagnosis} of it. */
public final class DiagnosisCommands {
  private final DeploymentRepository deployments;

  public DiagnosisCommands(DeploymentRepository deployments) {
    this.deployments = deployments;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(DeployerCommands.DIAGNOSE_DEPLOYMENT, this::diagnose);
  }

  private Future<Reply> diagnose(Command command) {
    String id = String.valueOf(command.body().getValue("id"));
    return deployments.find(id).map(found -> {
      Diagnosis.Finding finding = Diagnosis.of(found.orElseThrow(() ->
          Problem.notFound("deployment '" + id + "' does not exist")));
      return Reply.ok(new JsonObject().put("deploymentId", finding.deploymentId()).put("status", finding.status())
          .put("cause", new JsonObject().put("kind", finding.cause().kind()).put("summary", finding.cause().summary()))
          .put("evidence", new JsonArray(finding.evidence().stream().map(JsonObject::new).toList()))
          .put("nextActions", new JsonArray(finding.nextActions())));
    });
  }
}
