package io.axon.deploy.engine;

import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.axon.deploy.engine.nodes.Gateway;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the verticle instances of one engine instance share: who it is, the catalog it offers, the
 * workflow versions it hosts, the gateway its subworkflows go through, and its counters.
 */
public final class EngineState {
  private final String instanceId;
  private final String environment;
  private final NodeTypeCatalog catalog;
  private final Gateway gateway;
  private final Map<String, LoadedWorkflow> loaded = new ConcurrentHashMap<>();
  private final AtomicInteger port = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicLong executions = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean draining = new AtomicBoolean();

  public EngineState(String instanceId, String environment, NodeTypeCatalog catalog, Gateway gateway) {
    this.instanceId = instanceId;
    this.environment = environment;
    this.catalog = catalog;
    this.gateway = gateway;
  }

  public String instanceId() {
    return instanceId;
  }

  public String environment() {
    return environment;
  }

  public NodeTypeCatalog catalog() {
    return catalog;
  }

  public Gateway gateway() {
    return gateway;
  }

  /** Loads or replaces; answers whether the version was new here. */
  public boolean load(LoadedWorkflow workflow) {
    return loaded.put(key(workflow.workflow(), workflow.version()), workflow) == null;
  }

  /** Unloads; answers whether the version was loaded. */
  public boolean unload(String workflow, String version) {
    return loaded.remove(key(workflow, version)) != null;
  }

  public Optional<LoadedWorkflow> find(String workflow, String version) {
    return Optional.ofNullable(loaded.get(key(workflow, version)));
  }

  public List<LoadedWorkflow> loaded() {
    return loaded.values().stream().sorted(Comparator.comparing(LoadedWorkflow::workflow)
        .thenComparing(LoadedWorkflow::version)).toList();
  }

  public AtomicInteger running() {
    return running;
  }

  public void counted(boolean succeeded) {
    executions.incrementAndGet();
    if (!succeeded) {
      failures.incrementAndGet();
    }
  }

  public long executions() {
    return executions.get();
  }

  public long failures() {
    return failures.get();
  }

  public AtomicBoolean draining() {
    return draining;
  }

  /** The port the first verticle instance bound (with port 0, the free one it got). */
  public AtomicInteger port() {
    return port;
  }

  public EngineInstance instance(String publicHost) {
    return new EngineInstance(instanceId, environment, publicHost, port.get());
  }

  private static String key(String workflow, String version) {
    return workflow + "@" + version;
  }
}
