package io.axon.deploy.deployer.fleet;

import io.axon.deploy.common.bus.Addresses;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.RegistryCommands;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.InstanceView;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.monitor.WindowStats;
import io.axon.deploy.common.registry.VersionStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The deployer's hands on what runs: the engine instances the monitor sees, the definitions the
 * registry keeps, and the engine contract (DESIGN §6) to load and unload versions.
 */
public final class Fleet {
  /** How an engine's refusal reads ("instance a refused to load (422): ..."), which a diagnosis looks for. */
  public static final String REFUSED = " refused to ";
  private final BusClient bus;
  private final WebClient engines;
  private final long timeoutMs;

  public Fleet(BusClient bus, WebClient engines, long timeoutMs) {
    this.bus = bus;
    this.engines = engines;
    this.timeoutMs = timeoutMs;
  }

  /** The instances of {@code environment}, healthy or not. */
  public Future<List<InstanceView>> instances(String environment) {
    return bus.request(Addresses.MONITOR, MonitorCommands.LIST_INSTANCES, new JsonObject().put("environment", environment),
            null, null)
        .map(reply -> reply.json().getJsonArray("items", new JsonArray()).stream()
            .map(item -> InstanceView.fromJson((JsonObject) item)).toList());
  }

  /** The workflow as the registry has it; a 404 when it does not exist. */
  public Future<JsonObject> workflow(String workflow) {
    return bus.request(Addresses.REGISTRY, RegistryCommands.GET_WORKFLOW, new JsonObject().put("workflow", workflow),
        null, null).map(reply -> reply.json());
  }

  /** The monitor's numbers of {@code version} over the last {@code windowMs} (zero executions when it saw none). */
  public Future<WindowStats> window(String environment, String workflow, String version, long windowMs) {
    return bus.request(Addresses.MONITOR, MonitorCommands.METRICS_WINDOW, new JsonObject().put("environment", environment)
            .put("workflow", workflow).put("version", version).put("windowMs", windowMs), null, null)
        .map(reply -> reply.json().getJsonArray("versions", new JsonArray()).stream()
            .map(item -> WindowStats.fromJson((JsonObject) item)).filter(stats -> version.equals(stats.version()))
            .findFirst().orElse(new WindowStats(version, 0, 0, 0, 0, 0)));
  }

  /** The monitor's verdict on a canary ({@link MonitorCommands#ANALYSE_CANARY}). */
  public Future<JsonObject> analyse(JsonObject request) {
    return bus.request(Addresses.MONITOR, MonitorCommands.ANALYSE_CANARY, request, null, null).map(reply -> reply.json());
  }

  /**
   * The version as the registry has it, when it may run again: a 404 for an unknown one, a 422 at
   * {@code /targetVersion} for an archived one.
   */
  public Future<JsonObject> deployable(String workflow, String version) {
    return version(workflow, version).map(found -> {
      if (VersionStatus.fromWire(found.getString("status")) == VersionStatus.ARCHIVED) {
        throw Problem.at(ProblemType.UNPROCESSABLE, "/targetVersion", version + " is archived and cannot run again");
      }
      return found;
    });
  }

  /** The version as the registry has it (status, definition, ...). */
  public Future<JsonObject> version(String workflow, String version) {
    return bus.request(Addresses.REGISTRY, RegistryCommands.GET_VERSION,
        new JsonObject().put("workflow", workflow).put("version", version), null, null).map(reply -> reply.json());
  }

  /**
   * The version's dependencies resolved against {@code environment} by the registry
   * ({@link RegistryCommands#RESOLVE_DEPENDENCIES}): {@code missing} lists what does not resolve there.
   */
  public Future<JsonObject> dependencies(String workflow, String version, String environment) {
    return bus.request(Addresses.REGISTRY, RegistryCommands.RESOLVE_DEPENDENCIES,
        new JsonObject().put("workflow", workflow).put("version", version).put("environment", environment), null, null)
        .map(reply -> reply.json());
  }

  public Future<Void> load(InstanceView instance, String workflow, String version, JsonObject definition) {
    return engines.putAbs(instance.endpoint() + path(workflow, version)).timeout(timeoutMs)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(definition.toBuffer())
        .compose(response -> answered(instance, "load " + workflow + " " + version, response));
  }

  public Future<Void> unload(InstanceView instance, String workflow, String version) {
    return engines.deleteAbs(instance.endpoint() + path(workflow, version)).timeout(timeoutMs).send()
        .compose(response -> answered(instance, "unload " + workflow + " " + version, response));
  }

  /** Executes {@code version} on {@code instance} with {@code input}: the engine's answer, whatever its status. */
  public Future<HttpResponse<Buffer>> execute(InstanceView instance, String workflow, String version, JsonObject input) {
    return engines.postAbs(instance.endpoint() + path(workflow, version) + "/executions").timeout(timeoutMs)
        .putHeader("Content-Type", "application/json")
        .sendBuffer(new JsonObject().put("input", input).toBuffer());
  }

  private static Future<Void> answered(InstanceView instance, String what, HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 == 2) {
      return Future.succeededFuture();
    }
    String detail = response.bodyAsString();
    return Future.failedFuture(new Problem(ProblemType.ENGINE_FAILED, "instance " + instance.instanceId() + REFUSED
        + what + " (" + response.statusCode() + "): " + (detail == null ? "" : detail.substring(0, Math.min(500, detail.length()))))
        .exception());
  }

  private static String path(String workflow, String version) {
    return "/workflows/" + URLEncoder.encode(workflow, StandardCharsets.UTF_8) + "/versions/"
        + URLEncoder.encode(version, StandardCharsets.UTF_8);
  }
}
