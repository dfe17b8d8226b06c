package io.axon.deploy.common.cpu;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;

/**
 * Worker threads for pure, CPU-heavy work (validating, canonicalising, hashing and diffing
 * definitions of up to 10,000 nodes, resolving dependencies), so that an event loop is never held
 * by it and small requests beside a large one stay fast. One pool per process, shared by name, with
 * a thread for every core but one, so that the event loops always have a core; each verticle
 * instance holds a handle and closes it when it stops.
 */
public final class CpuPool {
  private final WorkerExecutor executor;

  private CpuPool(WorkerExecutor executor) {
    this.executor = executor;
  }

  public static CpuPool shared(Vertx vertx, String name) {
    return new CpuPool(vertx.createSharedWorkerExecutor(name, Math.max(1, Runtime.getRuntime().availableProcessors() - 1)));
  }

  /** Runs {@code work} on a worker; its outcome comes back on the caller's context. */
  public <T> Future<T> run(Callable<T> work) {
    return executor.executeBlocking(work, false);
  }

  public Future<Void> close() {
    return executor.close();
  }
}
