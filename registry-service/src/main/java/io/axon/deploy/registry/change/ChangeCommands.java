package io.axon.deploy.registry.change;

import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.cpu.CpuPool;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.semver.InvalidVersionException;
import io.axon.deploy.common.semver.SemanticVersion;
import io.axon.deploy.registry.version.VersionRepository;
import io.axon.deploy.registry.version.WorkflowVersion;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** What changed between two versions, and the changelog up to a version. */
public final class ChangeCommands {
  private final VersionRepository versions;
  private final CpuPool cpu;
  private final ChangeDetector detector;

  public ChangeCommands(VersionRepository versions, CpuPool cpu, NodeTypeCatalog catalog) {
    this.versions = versions;
    this.cpu = cpu;
    this.detector = new ChangeDetector(catalog);
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher
        .on(RegistryCommands.DIFF_VERSIONS, this::diff)
        .on(RegistryCommands.CHANGELOG, this::changelog);
  }

  private Future<Reply> diff(Command command) {
    String workflow = command.body().getString("workflow");
    SemanticVersion from = version(command.body().getString("from"), "from");
    SemanticVersion to = version(command.body().getString("to"), "to");
    return Future.all(load(workflow, from), load(workflow, to)).compose(both -> cpu.run(CpuPool.large(both.<WorkflowVersion>resultAt(0).definition())
        || CpuPool.large(both.<WorkflowVersion>resultAt(1).definition()), () -> {
      WorkflowVersion a = both.resultAt(0);
      WorkflowVersion b = both.resultAt(1);
      ChangeAnalysis analysis = ChangeAnalysis.of(detector.detect(a.effectiveDefinition(), b.effectiveDefinition()), a.version());
      return Reply.ok(new JsonObject()
          .put("from", a.version().toString())
          .put("to", b.version().toString())
          .put("changes", analysis.changesJson())
          .put("compatibility", analysis.compatibilityJson())
          .put("requiredBump", analysis.requiredBump().map(bump -> bump.name().toLowerCase(Locale.ROOT)).orElse(null)));
    }));
  }

  private Future<Reply> changelog(Command command) {
    String workflow = command.body().getString("workflow");
    SemanticVersion upTo = version(command.body().getString("version"), "version");
    boolean markdown = "markdown".equals(command.body().getString("format"));
    return load(workflow, upTo)
        .compose(found -> versions.changelogUpTo(found.workflowId(), upTo))
        .map(releases -> Reply.ok(markdown
            ? new JsonObject().put("markdown", Changelog.markdown(workflow, releases))
            : new JsonObject().put("workflow", workflow).put("version", upTo.toString())
                .put("releases", new JsonArray(releases.stream().map(r -> new JsonObject().put("version", r.version())
                    .put("date", r.date()).put("status", r.status()).put("entries", r.entries())).toList()))));
  }

  private Future<WorkflowVersion> load(String workflow, SemanticVersion version) {
    return versions.require(workflow, version);
  }

  private static SemanticVersion version(String text, String parameter) {
    if (text == null) {
      throw Problem.at(ProblemType.MALFORMED, "/" + parameter, parameter + " is required");
    }
    try {
      return SemanticVersion.parse(text);
    } catch (InvalidVersionException e) {
      throw Problem.at(ProblemType.MALFORMED, "/" + parameter, parameter + ": " + e.getMessage());
    }
  }

}
