package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.json.Fields;
import io.axon.deploy.deployer.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.util.Arrays;
import java.util.List;

/**
 * Reads environments, and replaces one ({@code PUT} with {@code If-Match}): checked whole, written
 * as the next revision with its event and audit record in one transaction.
 */
public final class EnvironmentCommands {
  private final EnvironmentRepository environments;
  private final Changes changes;
  private final Outbox outbox;
  private final AuditTrail audit;
  private final SecretCipher cipher;
  private final CpuPool cpu;

  public EnvironmentCommands(EnvironmentRepository environments, Changes changes, Outbox outbox, AuditTrail audit,
      SecretCipher cipher, CpuPool cpu) {
    this.environments = environments;
    this.changes = changes;
    this.outbox = outbox;
    this.audit = audit;
    this.cipher = cipher;
    this.cpu = cpu;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(DeployerCommands.LIST_ENVIRONMENTS, command -> environments.all()
            .map(all -> Reply.ok(new JsonObject().put("items", new JsonArray(all.stream().map(Environment::toJson).toList())))))
        .on(DeployerCommands.GET_ENVIRONMENT, this::get)
        .onChange(DeployerCommands.UPDATE_ENVIRONMENT, this::update)
        .on(DeployerCommands.CHECK_ENVIRONMENT, this::check);
  }

  private Future<Reply> get(Command command) {
    String name = Fields.text(command.body(), "environment", "");
    return environments.require(name).map(environment -> Reply.ok(environment.toJson()).withHeader("ETag", environment.etag()));
  }

  /** 404, then 428 or 412 (preconditions come before the body, as HTTP has it), then 400 or 422. */
  private Future<Reply> update(Command command) {
    JsonObject body = command.body();
    String name = Fields.text(body, "environment", "");
    return cpu.run(command.large(), () -> EnvironmentRequest.read(name, body.getValue("representation"), cipher))
        .compose(request -> changes.run(withoutSecrets(command), tx -> environments.lockAll(tx)
            .compose(all -> {
              Environment current = all.stream().filter(environment -> environment.name().equals(name)).findFirst()
                  .orElseThrow(() -> Problem.notFound("environment '" + name + "' does not exist"));
              checkPrecondition(ifMatch(body.getValue("ifMatch")), current);
              return environments.update(tx, request.applyTo(current, all), current.revision());
            })
            .compose(saved -> announce(tx, command, saved)
                .compose(v -> audit.append(tx, command, "environment.update:" + saved.name() + "@" + saved.revision(),
                    "environment.update", DeployerEvents.environmentSubject(saved.name()), new JsonObject()
                        .put("revision", saved.revision())
                        .put("secretsSet", new JsonArray(new java.util.ArrayList<>(request.secretsSet())))
                        .put("environment", saved.toJson())))
                .map(v -> Reply.ok(saved.toJson()).withHeader("ETag", saved.etag())))));
  }

  /** The rules a body breaks, for the gateway's explanation of a malformed request; nothing is changed. */
  private Future<Reply> check(Command command) {
    return cpu.run(command.large(), () -> EnvironmentRequest.read("", command.body().getValue("representation"), cipher))
        .compose(request -> environments.all().map(request::rules))
        .map(errors -> Reply.ok(new JsonObject().put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList()))));
  }

  private Future<Void> announce(SqlClient tx, Command command, Environment saved) {
    return outbox.append(tx, CloudEvent.of("deployer", DeployerEvents.ENVIRONMENT_UPDATED,
        DeployerEvents.environmentSubject(saved.name()), saved.toJson().put("revision", saved.revision())
            .put("updatedBy", command.requireActor().user())));
  }

  /** The command as an idempotency key remembers it: secret values only as keyed fingerprints. */
  private Command withoutSecrets(Command command) {
    return new Command(command.action(), EnvironmentRequest.fingerprinted(command.body(), cipher), command.requestId(),
        command.actor(), command.idempotencyKey(), command.deadline(), command.bodyBytes());
  }

  /** The ETags {@code If-Match} lists ({@code *}: any); a 428 without one, so that no one else's change is lost. */
  private static List<String> ifMatch(Object header) {
    if (header != null && !(header instanceof String)) {
      throw Problem.at(ProblemType.MALFORMED, "/ifMatch", "If-Match is an ETag as GET gave it");
    }
    String text = (String) header;
    if (text == null || text.isBlank()) {
      throw Problem.at(ProblemType.PRECONDITION_REQUIRED, "/ifMatch",
          "replacing an environment needs If-Match with the ETag GET gave, so that no one else's change is lost");
    }
    return Arrays.stream(text.split(",")).map(String::trim).filter(tag -> !tag.isEmpty()).toList();
  }

  private static void checkPrecondition(List<String> ifMatch, Environment current) {
    if (!ifMatch.contains("*") && !ifMatch.contains(current.etag())) {
      String given = String.join(", ", ifMatch);
      throw Problem.at(ProblemType.PRECONDITION_FAILED, "/ifMatch", "If-Match " + DeploymentWindow.shorten(given)
          + " does not match the current ETag " + current.etag() + " of " + current.name() + "; read it again");
    }
  }
}
