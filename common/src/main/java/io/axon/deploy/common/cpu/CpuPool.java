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

  /**
   * Runs {@code work} on a worker when it is {@code large}, else at once: a small request is not made
   * to queue behind a large one for work that takes microseconds.
   */
  public <T> Future<T> run(boolean large, Callable<T> work) {
    if (large) {
      return run(work);
    }
    try {
      return Future.succeededFuture(work.call());
    } catch (Exception e) {
      return Future.failedFuture(e);
    }
  }

  /** Whether a definition is large enough to be worth a worker: more than {@value #LARGE_ITEMS} nodes and connections. */
  public static boolean large(io.vertx.core.json.JsonObject definition) {
    if (definition == null) {
      return false;
    }
    Object nodes = definition.getValue("nodes");
    Object connections = definition.getValue("connections");
    int items = (nodes instanceof io.vertx.core.json.JsonArray n ? n.size() : 0)
        + (connections instanceof io.vertx.core.json.JsonArray c ? c.size() : 0);
    return items > LARGE_ITEMS;
  }

  /** Whether a command's body carries a large definition. */
  public static boolean largeCommand(io.vertx.core.json.JsonObject body) {
    return body.getValue("definition") instanceof io.vertx.core.json.JsonObject definition && large(definition);
  }

  public static final int LARGE_ITEMS = 400;
  /** Bodies above this many bytes are checked on a worker, however few their items. */
  public static final long LARGE_BYTES = 64 * 1024;

  /** Whether JSON text of {@code chars} characters is worth parsing on a worker. */
  public static boolean largeText(long chars) {
    return chars > LARGE_BYTES;
  }

  public Future<Void> close() {
    return executor.close();
  }
}
