package io.axon.deploy.engine;

import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Starts engine instances: the HTTP verticles of one instance (several event loops share a fixed
 * port; a free port gets one), then its announcement in service discovery. Undeploying the
 * announcer first takes the instance out of discovery before it stops answering.
 */
public final class Engines {
  private Engines() {
  }

  /** A started instance: what it announced, and its deployments (announcer first). */
  public record RunningEngine(EngineInstance instance, List<String> deployments) {
    public Future<Void> stop(Vertx vertx) {
      return vertx.undeploy(deployments.get(0)).compose(left -> vertx.undeploy(deployments.get(1)));
    }
  }

  public static Future<RunningEngine> start(Vertx vertx, EngineSettings settings) {
    return vertx.executeBlocking(() -> NodeTypeCatalog.load(settings.nodeTypes()))
        .compose(catalog -> start(vertx, settings, catalog));
  }

  public static Future<RunningEngine> start(Vertx vertx, EngineSettings settings, NodeTypeCatalog catalog) {
    EngineState state = new EngineState(settings.instanceId(), settings.environment(), catalog, settings.gateway());
    int instances = settings.port() == 0 ? 1 : settings.instances();
    return vertx.deployVerticle(() -> new EngineVerticle(state, settings), new DeploymentOptions().setInstances(instances))
        .compose(http -> {
          EngineInstance instance = state.instance(settings.publicHost());
          return vertx.deployVerticle(new EngineAnnouncer(instance))
              .map(announcer -> new RunningEngine(instance, List.of(announcer, http)));
        });
  }
}
