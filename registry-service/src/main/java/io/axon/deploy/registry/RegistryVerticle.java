package io.axon.deploy.registry;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.db.Database;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.registry.audit.AuditCommands;
import io.axon.deploy.registry.audit.AuditRepository;
import io.axon.deploy.registry.change.ChangeCommands;
import io.axon.deploy.registry.dependency.DependencyCommands;
import io.axon.deploy.registry.dependency.DependencyResolver;
import io.axon.deploy.registry.definition.DefinitionLimits;
import io.axon.deploy.registry.definition.DefinitionValidator;
import io.axon.deploy.registry.version.VersionCommands;
import io.axon.deploy.registry.version.VersionRepository;
import io.axon.deploy.registry.workflow.WorkflowCommands;
import io.axon.deploy.registry.workflow.WorkflowRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/** The registry service: migrates its schema, then answers {@link Addresses#REGISTRY}. */
public final class RegistryVerticle extends VerticleBase {
  public static final String SCHEMA = "registry";

  private final AxonConfig config;
  private Pool pool;

  public RegistryVerticle(AxonConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    return Database.open(vertx, config.pgUrl(), SCHEMA, config.pgPoolSize()).compose(opened -> {
      pool = opened;
      WorkflowRepository workflows = new WorkflowRepository(pool);
      VersionRepository versions = new VersionRepository(pool);
      AuditRepository audit = new AuditRepository(pool);
      NodeTypeCatalog catalog = NodeTypeCatalog.reference();
      DefinitionValidator validator = new DefinitionValidator(catalog, DefinitionLimits.DEFAULT);
      CommandDispatcher dispatcher = new CommandDispatcher().on(RegistryCommands.PING, command -> ping());
      new WorkflowCommands(pool, workflows, audit).register(dispatcher);
      new VersionCommands(pool, workflows, versions, audit, validator).register(dispatcher);
      new AuditCommands(pool, audit).register(dispatcher);
      new ChangeCommands(workflows, versions).register(dispatcher);
      new DependencyCommands(versions, new DependencyResolver(catalog)).register(dispatcher);
      return vertx.eventBus().consumer(Addresses.REGISTRY, dispatcher).completion();
    });
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> ping() {
    return pool.query("SELECT 1").execute()
        .map(rows -> new JsonObject().put("status", "UP").put("database", "UP"));
  }
}
