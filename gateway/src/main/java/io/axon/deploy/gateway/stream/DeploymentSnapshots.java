package io.axon.deploy.gateway.stream;

import static io.axon.deploy.common.bus.Addresses.DEPLOYER;

import io.axon.deploy.common.bus.Actor;
import io.axon.deploy.common.bus.BusClient;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.deployer.DeployerCommands;
import io.axon.deploy.common.deployer.DeploymentStatuses;
import io.axon.deploy.common.events.CloudEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The first frames of a stream, asked of the deployer: a deployment's current state as an
 * {@code axon.deployment.snapshot} CloudEvent whose data is the deployment, as {@code GET
 * /api/v1/deployments/{id}} answers it.
 */
final class DeploymentSnapshots {
  static final String TYPE = "axon.deployment.snapshot";
  /** The most snapshots one subscriber to {@code /api/v1/events} is sent; each is one read of the deployer. */
  static final int MOST = 1_000;
  private static final int PAGE = 200;
  /** Deployments read at once: a subscriber must not fill the deployer's connection pool on its own. */
  private static final int AT_ONCE = 8;

  private final BusClient bus;

  DeploymentSnapshots(BusClient bus) {
    this.bus = bus;
  }

  static String subject(String deploymentId) {
    return "deployments/" + deploymentId;
  }

  /** The deployment {@code id} as it is now; a 404 problem when there is none. */
  Future<JsonObject> deployment(String id, String requestId, Actor actor) {
    return bus.request(DEPLOYER, DeployerCommands.GET_DEPLOYMENT, new JsonObject().put("id", id), requestId, actor)
        .map(Reply::json);
  }

  /** Succeeds when the environment exists; a 404 problem when it does not. */
  Future<Void> environment(String name, String requestId, Actor actor) {
    return bus.request(DEPLOYER, DeployerCommands.GET_ENVIRONMENT, new JsonObject().put("environment", name), requestId, actor)
        .mapEmpty();
  }

  /** Every deployment that is not over, in the environment and of the workflow when given (at most {@link #MOST}). */
  Future<List<JsonObject>> active(Optional<String> environment, Optional<String> workflow, String requestId, Actor actor) {
    JsonObject filter = new JsonObject();
    environment.ifPresent(name -> filter.put("environment", name));
    workflow.ifPresent(key -> filter.put("workflow", key));
    List<String> ids = new ArrayList<>();
    Future<Void> listed = Future.succeededFuture();
    for (String status : DeploymentStatuses.ACTIVE) {
      listed = listed.compose(v -> ids(filter.copy().put("status", status), null, ids, requestId, actor));
    }
    return listed.compose(v -> read(ids, 0, new ArrayList<>(), requestId, actor));
  }

  static JsonObject frame(JsonObject deployment) {
    return CloudEvent.of("gateway", TYPE, subject(deployment.getString("id")), deployment).toJson();
  }

  /** Adds the ids of every page of the list from {@code cursor} on, up to {@link #MOST} in all. */
  private Future<Void> ids(JsonObject query, String cursor, List<String> into, String requestId, Actor actor) {
    if (into.size() >= MOST) {
      return Future.succeededFuture();
    }
    JsonObject page = query.copy().put("limit", PAGE);
    if (cursor != null) {
      page.put("cursor", cursor);
    }
    return bus.request(DEPLOYER, DeployerCommands.LIST_DEPLOYMENTS, page, requestId, actor)
        .map(Reply::json)
        .compose(listed -> {
          for (Object item : listed.getJsonArray("items", new JsonArray())) {
            if (item instanceof JsonObject deployment && into.size() < MOST) {
              into.add(deployment.getString("id"));
            }
          }
          String next = listed.getString("nextCursor");
          return next == null ? Future.succeededFuture() : ids(query, next, into, requestId, actor);
        });
  }

  /** Reads the deployments {@code ids} from {@code from} on, {@link #AT_ONCE} at a time, in order. */
  private Future<List<JsonObject>> read(List<String> ids, int from, List<JsonObject> into, String requestId, Actor actor) {
    if (from >= ids.size()) {
      return Future.succeededFuture(into);
    }
    List<Future<JsonObject>> batch = ids.subList(from, Math.min(from + AT_ONCE, ids.size())).stream()
        .map(id -> deployment(id, requestId, actor))
        .toList();
    return Future.all(batch).compose(read -> {
      batch.forEach(one -> into.add(one.result()));
      return read(ids, from + AT_ONCE, into, requestId, actor);
    });
  }
}
