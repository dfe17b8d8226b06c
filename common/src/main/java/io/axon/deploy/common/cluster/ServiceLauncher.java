package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Deployable;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one service as its own clustered process, and stops the process if it cannot start. */
public final class ServiceLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceLauncher.class);

  private ServiceLauncher() {
  }

  public static void runClustered(String service, BiFunction<VertxRuntime, AxonConfig, Deployable> verticle) {
    AxonConfig config = AxonConfig.fromEnvironment();
    VertxRuntime.clustered(config.cluster())
        .compose(runtime -> runtime.vertx().deployVerticle(verticle.apply(runtime, config))
            .onFailure(failure -> runtime.vertx().close()))
        .onSuccess(id -> LOG.info("{} started in cluster '{}'", service, config.cluster().name()))
        .onFailure(failure -> {
          LOG.error("{} could not start", service, failure);
          System.exit(1);
        });
  }
}
