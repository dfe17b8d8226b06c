package io.axon.deploy.deployer.routing;

import io.axon.deploy.common.deployer.DeployerEvents;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.events.CloudEvent;
import io.axon.deploy.common.events.Outbox;
import io.axon.deploy.common.routing.RoutingTable;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The SQL of routing tables. Each write is the next revision of a table, kept with its
 * {@link DeployerEvents#ROUTING_REVISED} event in the same transaction, so that every revision
 * that exists is published, in order; the event is also handed on the moment that transaction
 * commits, for the gateways' fast lane.
 */
public final class RoutingRepository {
  private static final String COLUMNS = "SELECT routing FROM routing_tables";
  private final Pool pool;
  private final Outbox outbox;
  private final Consumer<JsonObject> committed;

  public RoutingRepository(Pool pool, Outbox outbox) {
    this(pool, outbox, event -> { });
  }

  /**
   * A repository that also hands each revision's event to {@code committed} the moment the transaction
   * that wrote it commits (the deployer publishes it on {@link DeployerEvents#ROUTING_ADDRESS}).
   */
  public RoutingRepository(Pool pool, Outbox outbox, Consumer<JsonObject> committed) {
    this.pool = pool;
    this.outbox = outbox;
    this.committed = committed;
  }

  public Future<Optional<RoutingTable>> find(SqlClient client, String environment, String workflow) {
    return client.preparedQuery(COLUMNS + " WHERE environment = $1 AND workflow = $2")
        .execute(Tuple.of(environment, workflow))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(RoutingTable.fromJson(rows.iterator().next().getJsonObject("routing"))));
  }

  public Future<Optional<RoutingTable>> find(String environment, String workflow) {
    return find(pool, environment, workflow);
  }

  /** The table, locked until {@code tx} ends: revisions of one table are written one at a time. */
  public Future<Optional<RoutingTable>> lock(SqlClient tx, String environment, String workflow) {
    return tx.preparedQuery(COLUMNS + " WHERE environment = $1 AND workflow = $2 FOR UPDATE")
        .execute(Tuple.of(environment, workflow))
        .map(rows -> rows.size() == 0 ? Optional.empty()
            : Optional.of(RoutingTable.fromJson(rows.iterator().next().getJsonObject("routing"))));
  }

  /** Every table, or those of one environment. */
  public Future<List<RoutingTable>> all(Optional<String> environment) {
    return pool.preparedQuery(COLUMNS + " WHERE $1::text IS NULL OR environment = $1 ORDER BY environment, workflow")
        .execute(Tuple.of(environment.orElse(null)))
        .map(rows -> {
          List<RoutingTable> tables = new ArrayList<>();
          rows.forEach(row -> tables.add(RoutingTable.fromJson(row.getJsonObject("routing"))));
          return tables;
        });
  }

  /**
   * Writes {@code table} as the next revision and its event. A revision that is not the next one
   * (another writer got there first) is a 409 and writes nothing.
   */
  public Future<RoutingTable> write(SqlClient tx, RoutingTable table) {
    return tx.preparedQuery("INSERT INTO routing_tables (environment, workflow, revision, routing) VALUES ($1, $2, $3, $4)"
            + " ON CONFLICT (environment, workflow) DO UPDATE SET revision = EXCLUDED.revision,"
            + " routing = EXCLUDED.routing, updated_at = now() WHERE routing_tables.revision = EXCLUDED.revision - 1")
        .execute(Tuple.of(table.environment(), table.workflow(), table.revision(), table.toJson()))
        .compose(rows -> {
          if (rows.rowCount() != 1) {
            return Future.failedFuture(Problem.conflict("the routing table of " + table.workflow() + " in "
                + table.environment() + " moved on while this change was made; retry"));
          }
          CloudEvent event = CloudEvent.of("deployer", DeployerEvents.ROUTING_REVISED,
              DeployerEvents.routingSubject(table.environment(), table.workflow()), table.toJson());
          return outbox.append(tx, event).map(v -> {
            onCommit(tx, event);
            return table;
          });
        });
  }

  /** Hands the event on once {@code tx} commits; nothing if it rolls back (the relay alone then has nothing to send either). */
  private void onCommit(SqlClient tx, CloudEvent event) {
    if (tx instanceof SqlConnection connection && connection.transaction() != null) {
      connection.transaction().completion().onSuccess(v -> committed.accept(event.toJson()));
    }
  }

  /** An empty table to build the first revision from. */
  public static RoutingTable empty(String environment, String workflow) {
    return new RoutingTable(environment, workflow, 0, List.of(), Optional.empty(), Map.of());
  }
}
