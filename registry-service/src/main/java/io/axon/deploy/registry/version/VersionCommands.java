package io.axon.deploy.registry.version;

import io.axon.deploy.common.registry.VersionStatus;
import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.db.Changes;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.json.CanonicalJson;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.registry.RegistryEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.paging.PageRequest;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.common.semver.VersionRange;
import io.axon.deploy.registry.audit.AuditEntry;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.change.ChangeDetector;
import io.axon.deploy.registry.definition.DefinitionValidator;
import io.axon.deploy.registry.live.LiveVersionRepository;
import io.axon.deploy.registry.live.Placement;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Creates, reads, lists, edits and moves versions through their lifecycle. */
public final class VersionCommands {
  private static final VersionRange.Interval EVERYTHING = new VersionRange.Interval(Optional.empty(), Optional.empty());

  private final Pool pool;
  private final Changes changes;
  private final CpuPool cpu;
  private final WorkflowRepository workflows;
  private final VersionRepository versions;
  private final LiveVersionRepository live;
  private final AuditRepository audit;
  private final Outbox outbox;
  private final DefinitionValidator validator;
  private final NodeTypeCatalog catalog;
  private final VersionCreation creation;
  private final DraftReplacement drafts;

  public VersionCommands(Pool pool, Changes changes, CpuPool cpu, WorkflowRepository workflows, VersionRepository versions,
      LiveVersionRepository live, AuditRepository audit, Outbox outbox, DefinitionValidator validator, NodeTypeCatalog catalog) {
    this.pool = pool;
    this.changes = changes;
    this.cpu = cpu;
    this.workflows = workflows;
    this.versions = versions;
    this.live = live;
    this.audit = audit;
    this.outbox = outbox;
    this.validator = validator;
    this.catalog = catalog;
    ChangeDetector detector = new ChangeDetector(catalog);
    VersionReview review = new VersionReview(versions, detector, cpu);
    this.creation = new VersionCreation(workflows, versions, audit, review, cpu, detector);
    this.drafts = new DraftReplacement(workflows, versions, live, audit, review);
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .onChange(RegistryCommands.CREATE_VERSION, this::create)
        .on(RegistryCommands.CHECK_VERSION, this::check)
        .on(RegistryCommands.GET_VERSION, this::get)
        .on(RegistryCommands.LIST_VERSIONS, this::list)
        .onChange(RegistryCommands.REPLACE_DEFINITION, this::replaceDefinition)
        .onChange(RegistryCommands.TRANSITION_VERSION, this::transition);
  }

  private Future<Reply> create(Command command) {
    String workflow = command.body().getString("workflow");
    Actor actor = command.requireActor();
    return cpu.run(command.large(), () -> {
          VersionRequest request = VersionRequest.fromJson(command.body(), d -> validator.validate(d, "/definition"));
          return new VersionCreation.Checked(request, CanonicalJson.digest(request.definition()));
        })
        .compose(checked -> changes.run(command, tx -> creation.create(tx, workflow, checked, actor, command.requestId())
            .compose(created -> announce(tx, created, RegistryEvents.VERSION_CREATED, Optional.empty(), actor))
            .map(created -> created.reply(201).withHeader("Location", "/api/v1/" + created.subject()))))
        .compose(this::encodeLarge);
  }

  /** Definition validation runs on the CPU pool, like a create's. */
  private Future<Reply> check(Command command) {
    JsonObject body = command.body();
    List<FieldError> errors = new ArrayList<>();
    for (String field : List.of("version", "baseVersion")) {
      if (body.getValue(field) instanceof String text) {
        try {
          SemanticVersion.parse(text);
        } catch (InvalidVersionException e) {
          errors.add(new FieldError("/" + field, e.getMessage()));
        }
      }
    }
    return cpu.run(command.large(), () -> {
      if (body.getValue("definition") instanceof JsonObject definition) {
        errors.addAll(validator.validate(definition, "/definition"));
      }
      return Reply.ok(new JsonObject().put("errors", new JsonArray(errors.stream().map(FieldError::toJson).toList())));
    });
  }

  private Future<Reply> get(Command command) {
    String workflow = command.body().getString("workflow");
    SemanticVersion version = pathVersion(command.body());
    return versions.require(pool, workflow, version).map(found -> found.reply(200)).compose(this::encodeLarge);
  }

  private Future<Reply> list(Command command) {
    JsonObject body = command.body();
    String workflow = body.getString("workflow");
    Optional<VersionStatus> status = Optional.ofNullable(body.getString("status")).map(VersionStatus::fromWire);
    Optional<VersionRange> range = Optional.ofNullable(body.getString("range")).map(VersionCommands::range);
    PageRequest page = PageRequest.fromJson(body);
    String afterKey = page.after().map(VersionCommands::cursorVersion).map(SemanticVersion::precedenceKey).orElse("");
    return workflows.find(workflow)
        .map(found -> found.orElseThrow(() -> WorkflowRepository.notFound(workflow)))
        .compose(w -> matching(w.id(), status, range, afterKey, page.limit() + 1, new ArrayList<>()))
        .compose(matches -> versions.load(matches.stream().map(VersionRepository.Entry::id).toList()))
        .map(loaded -> Reply.ok(page.page(loaded, WorkflowVersion::toJson, v -> v.version().toString())));
  }

  /**
   * Collects up to {@code wanted} versions that satisfy {@code range}, reading candidates from the
   * range's intervals a chunk at a time, so that a page costs about a page of rows.
   */
  private Future<List<VersionRepository.Entry>> matching(long workflowId, Optional<VersionStatus> status,
      Optional<VersionRange> range, String afterKey, int wanted, List<VersionRepository.Entry> found) {
    int chunk = Math.max(2 * wanted, 256);
    List<VersionRange.Interval> intervals = range.map(VersionRange::intervals).orElse(List.of(EVERYTHING));
    return versions.seek(workflowId, status, intervals, afterKey, chunk).compose(candidates -> {
      for (VersionRepository.Entry candidate : candidates) {
        if (found.size() < wanted && (range.isEmpty() || range.get().isSatisfiedBy(candidate.version()))) {
          found.add(candidate);
        }
      }
      if (found.size() >= wanted || candidates.size() < chunk) {
        return Future.succeededFuture(found);
      }
      return matching(workflowId, status, range, candidates.get(candidates.size() - 1).precedence(), wanted, found);
    });
  }

  private Future<Reply> replaceDefinition(Command command) {
    JsonObject body = command.body();
    SemanticVersion version = pathVersion(body);
    int expectedRevision = revision(body.getString("ifMatch"));
    JsonObject definition = body.getJsonObject("definition");
    Actor actor = command.requireActor();
    return cpu.run(CpuPool.large(definition), () -> {
          List<FieldError> problems = definition == null
              ? List.of(new FieldError("/definition", "a definition is required"))
              : validator.validate(definition, "/definition");
          if (!problems.isEmpty()) {
            throw Problem.unprocessable("the definition has " + problems.size() + " problem(s)", problems);
          }
          return CanonicalJson.digest(definition);
        })
        .compose(digest -> changes.run(command, tx -> drafts.replace(tx, body.getString("workflow"), version, definition, digest,
                expectedRevision, Boolean.TRUE.equals(body.getValue("force")), actor, command.requestId())
            .compose(replaced -> announce(tx, replaced, RegistryEvents.VERSION_DEFINITION_REPLACED, Optional.of(replaced.status()), actor))
            .map(replaced -> replaced.reply(200))))
        .compose(this::encodeLarge);
  }

  private Future<Reply> transition(Command command) {
    JsonObject body = command.body();
    String workflow = body.getString("workflow");
    SemanticVersion version = pathVersion(body);
    Transition transition = Transition.fromWire(body.getString("transition"));
    Actor actor = command.requireActor();
    return changes.run(command, tx -> versions.require(tx, workflow, version)
        .compose(current -> notLive(tx, current, transition).map(current))
        .<WorkflowVersion>compose(current -> pins(current, transition).compose(pins -> versions.updateStatus(tx, current.id(),
                current.status(), transition.apply(current.status()), pins))
            .compose(moved -> audit.append(tx, AuditEntry.registry(actor, "version." + moved.status().wire(),
                    moved.subject(), command.requestId(), new JsonObject()
                        .put("from", current.status().wire()).put("reason", body.getString("reason"))))
                .map(moved))
            .compose(moved -> announce(tx, moved, RegistryEvents.versionMovedTo(moved.status()), Optional.of(current.status()), actor)))
        .map(moved -> moved.reply(200)))
        .compose(this::encodeLarge);
  }

  /**
   * Refuses to archive a version live in any environment (DESIGN §2): engines run it, or keep it
   * loaded as the rollback target, and an archived version cannot be deployed back. Other moves are
   * not checked.
   */
  private Future<Void> notLive(SqlClient tx, WorkflowVersion current, Transition transition) {
    if (transition != Transition.ARCHIVE) {
      return Future.succeededFuture();
    }
    transition.apply(current.status()); // an already archived version gets that answer first
    return live.placements(tx, current.workflow(), current.version()).map(placements -> {
      Placement.refuse(current.workflow(), current.version(), placements, "archive it",
          "Deploy another version there until this one is neither routed to nor kept as the rollback target.");
      return null;
    });
  }

  /** The node type versions a version is pinned to when it is published; nothing for other moves. */
  private Future<Optional<JsonObject>> pins(WorkflowVersion current, Transition transition) {
    if (transition != Transition.PUBLISH) {
      return Future.succeededFuture(Optional.empty());
    }
    transition.apply(current.status()); // refuse an illegal move before the work
    return cpu.run(CpuPool.large(current.definition()), () -> Optional.of(NodeTypePins.pin(current.definition(), catalog)));
  }

  /** A version's reply, encoded on a worker when its definition is large, so that it crosses the bus as bytes. */
  private Future<Reply> encodeLarge(Reply reply) {
    return reply.body() != null && CpuPool.large(reply.body().getJsonObject("definition"))
        ? cpu.run(reply::encode) : Future.succeededFuture(reply);
  }

  /** Writes the version's event to the outbox, in the transaction of its change. */
  private Future<WorkflowVersion> announce(SqlClient tx, WorkflowVersion version, String type,
      Optional<VersionStatus> previous, Actor actor) {
    return outbox.append(tx, CloudEvent.of(RegistryEvents.SERVICE, type, version.subject(),
        version.event(previous, actor.user()).toJson())).map(version);
  }

  private static SemanticVersion pathVersion(JsonObject body) {
    try {
      return SemanticVersion.parse(body.getString("version"));
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.MALFORMED, "/version", e.getMessage());
    }
  }

  private static VersionRange range(String text) {
    try {
      return VersionRange.parse(text);
    } catch (InvalidVersionException e) {
      throw new Problem(ProblemType.MALFORMED, "range: " + e.getMessage(),
          List.of(new FieldError("/range", e.getMessage()))).exception();
    }
  }

  private static SemanticVersion cursorVersion(String key) {
    try {
      return SemanticVersion.parse(key);
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.MALFORMED, "/cursor", "the cursor is not one this API handed out");
    }
  }

  private static int revision(String ifMatch) {
    if (ifMatch == null || ifMatch.isBlank()) {
      throw Problem.at(ProblemType.PRECONDITION_REQUIRED, "/ifMatch",
          "replacing a definition needs If-Match with the version's ETag, so that no one else's change is lost");
    }
    if (ifMatch.trim().equals("*")) {
      return DraftReplacement.ANY_REVISION;
    }
    try {
      return Integer.parseInt(ifMatch.replaceFirst("^W/", "").replace("\"", "").trim());
    } catch (NumberFormatException e) {
      throw Problem.at(ProblemType.PRECONDITION_FAILED, "/ifMatch", "If-Match " + ifMatch + " is not an ETag of this version");
    }
  }

}
