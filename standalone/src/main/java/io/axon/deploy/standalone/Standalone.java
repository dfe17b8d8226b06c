package io.axon.deploy.standalone;

import io.axon.deploy.common.cluster.ServiceLauncher;
import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.deployer.DeployerVerticle;
import io.axon.deploy.gateway.GatewayVerticle;
import io.axon.deploy.monitor.MonitorVerticle;
import io.axon.deploy.registry.RegistryVerticle;
import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.engine.EngineSettings;
import io.axon.deploy.engine.Engines;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every service of the suite in one process, on one local event bus. */
public final class Standalone {
  private static final Logger LOG = LoggerFactory.getLogger(Standalone.class);
  private Standalone() {
  }

  /**
   * A new local runtime with the suite deployed; closed again when the suite cannot start. The
   * answer is a promise of no context: a future composed on the runtime's own context would never
   * complete once that runtime is closed, and a failed start would leave its caller waiting forever.
   */
  public static Future<VertxRuntime> start(AxonConfig config) {
    Promise<VertxRuntime> started = Promise.promise();
    VertxRuntime.local()
        .compose(runtime -> deploy(runtime, config)
            .onSuccess(id -> started.complete(runtime))
            .onFailure(failure -> {
              LOG.debug("the suite could not start", failure);
              runtime.vertx().close().onComplete(closed -> started.tryFail(failure));
            }))
        .onFailure(failure -> started.tryFail(failure));
    return started.future();
  }

  /** The environments that exist on a fresh database (DESIGN §2), each with its engine instances. */
  public static final List<String> ENVIRONMENTS = List.of("development", "staging", "production");

  /**
   * Deploys the services, then the gateway, whose readiness depends on them, then the engine
   * instances. The monitor needs no HTTP port of its own here: the gateway's {@code /metrics}
   * scrapes the same registry.
   */
  public static Future<String> deploy(VertxRuntime runtime, AxonConfig config) {
    return ServiceLauncher.deploy(runtime, config, RegistryVerticle::prepare)
        .compose(id -> DeployerVerticle.deploy(runtime, config))
        .compose(id -> MonitorVerticle.deploy(runtime, config))
        .compose(id -> ServiceLauncher.deploy(runtime, config, GatewayVerticle::prepare))
        .compose(id -> engines(runtime, config).map(id));
  }

  /**
   * {@code AXON_ENGINES_PER_ENVIRONMENT} reference engine instances per environment, one after the
   * other (ports from {@code AXON_ENGINE_BASE_PORT} up: development 9101, 9102, staging 9103, ...).
   */
  static Future<List<EngineInstance>> engines(VertxRuntime runtime, AxonConfig config) {
    int count = config.engine().perEnvironment();
    Future<List<EngineInstance>> started = Future.succeededFuture(new ArrayList<>());
    for (int e = 0; e < ENVIRONMENTS.size(); e++) {
      for (int i = 0; i < count; i++) {
        EngineSettings settings = EngineSettings.standalone(config, ENVIRONMENTS.get(e), i, e * count + i);
        started = started.compose(list -> Engines.start(runtime.vertx(), settings).map(engine -> {
          list.add(engine.instance());
          return list;
        }));
      }
    }
    return started.onSuccess(list -> LOG.info("{} engine instances: {}", list.size(),
        list.stream().map(engine -> engine.instanceId() + " " + engine.endpoint()).toList()));
  }
}
