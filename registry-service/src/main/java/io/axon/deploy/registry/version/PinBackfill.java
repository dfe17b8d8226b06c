package io.axon.deploy.registry.version;

import io.axon.deploy.common.error.ProblemException;
import io.axon.deploy.common.nodes.NodeTypeCatalog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the versions published before publication pinned node types (an installation older than
 * that), once, at the registry's start, against the catalog it starts with: from then on they too
 * keep what they resolve to.
 */
public final class PinBackfill {
  private static final Logger LOG = LoggerFactory.getLogger(PinBackfill.class);
  private static final int BATCH = 200;

  private PinBackfill() {
  }

  public static Future<Integer> run(Vertx vertx, Pool pool, NodeTypeCatalog catalog) {
    return batch(vertx, pool, catalog, 0L, 0);
  }

  private static Future<Integer> batch(Vertx vertx, Pool pool, NodeTypeCatalog catalog, long afterId, int pinned) {
    return pool.preparedQuery("SELECT id, definition::text AS definition FROM versions"
            + " WHERE node_types IS NULL AND status <> 'draft' AND id > $1 ORDER BY id LIMIT $2")
        .execute(Tuple.of(afterId, BATCH))
        .compose(rows -> {
          if (rows.size() == 0) {
            if (pinned > 0) {
              LOG.info("pinned the node types of {} version(s) published before pinning existed", pinned);
            }
            return Future.succeededFuture(pinned);
          }
          List<Row> found = new ArrayList<>();
          rows.forEach(found::add);
          return vertx.executeBlocking(() -> found.stream().map(row -> Tuple.of(pins(row, catalog), row.getLong("id"))).toList(), false)
              .compose(updates -> pool.preparedQuery("UPDATE versions SET node_types = $1 WHERE id = $2 AND node_types IS NULL")
                  .executeBatch(updates))
              .compose(v -> batch(vertx, pool, catalog, found.get(found.size() - 1).getLong("id"), pinned + found.size()));
        });
  }

  /** What the version resolves to now; a node the catalog no longer offers stays unpinned in the map. */
  private static JsonObject pins(Row row, NodeTypeCatalog catalog) {
    JsonObject definition = new JsonObject(row.getString("definition"));
    try {
      return NodeTypePins.pin(definition, catalog);
    } catch (ProblemException unresolved) {
      LOG.warn("version {} has node types the catalog no longer offers; pinned what resolves", row.getLong("id"));
      return NodeTypePins.pinResolvable(definition, catalog);
    }
  }
}
