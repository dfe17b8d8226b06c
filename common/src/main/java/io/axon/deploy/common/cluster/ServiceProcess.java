package io.axon.deploy.common.cluster;

import io.axon.deploy.common.config.AxonConfig;
import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a process that runs services, from its {@code main}: a start that cannot complete
 * logs one line naming the cause and the setting to change ({@link StartFailure}; the stack trace
 * only at debug level) and exits with status 1; once started, SIGTERM (or SIGINT) closes Vert.x,
 * which stops the verticles, leaves the cluster and closes the pools, and says so.
 * Everything waits on the main thread, never on an event loop.
 */
public final class ServiceProcess {
  public static final int START_FAILED = 1;
  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
  private static final long STOP_TIMEOUT_SECONDS = 30;

  private ServiceProcess() {
  }

  /**
   * Starts {@code name}: reads the configuration, builds the Vert.x runtime, deploys, and returns
   * the running runtime; never returns when the start fails.
   */
  public static VertxRuntime run(String name, Function<AxonConfig, Future<VertxRuntime>> runtime,
      BiFunction<VertxRuntime, AxonConfig, Future<?>> deploy, Function<AxonConfig, String> startedLine) {
    AxonConfig config = null;
    VertxRuntime started = null;
    try {
      config = AxonConfig.fromEnvironment();
      started = onMainThread(runtime.apply(config));
      onMainThread(deploy.apply(started, config));
    } catch (Throwable failure) {
      LOG.error("{} could not start: {}", name, StartFailure.describe(failure, config));
      LOG.debug("{} could not start", name, failure);
      if (started != null) {
        close(started);
      }
      System.exit(START_FAILED);
    }
    VertxRuntime running = started;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("{} is stopping (SIGTERM or SIGINT)", name);
      LOG.info(close(running) ? "{} stopped cleanly" : "{} did not stop within the time allowed", name);
    }, "axon-stop"));
    LOG.info(startedLine.apply(config));
    return running;
  }

  /**
   * The outcome of a start step, waited for by the process's main thread, which has nothing else to
   * do until the services run (it decides the exit status); refused on a Vert.x thread.
   */
  private static <T> T onMainThread(Future<T> step) throws Throwable {
    if (io.vertx.core.Context.isOnVertxThread()) {
      throw new IllegalStateException("a start is waited for on the main thread, never on a Vert.x thread");
    }
    try {
      return step.toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException failed) {
      throw failed.getCause();
    }
  }

  private static boolean close(VertxRuntime runtime) {
    try {
      runtime.vertx().close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      LOG.debug("closing Vert.x failed", e);
      return false;
    }
  }
}
