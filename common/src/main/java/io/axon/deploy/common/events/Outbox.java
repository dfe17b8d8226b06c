package io.axon.deploy.common.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The SQL of a service's {@code outbox}: an event is written in the transaction of the change it
 * reports, so that it exists exactly when the change committed; {@link OutboxRelay} publishes it.
 */
public final class Outbox {

  public Future<Void> append(SqlClient tx, CloudEvent event) {
    return tx.preparedQuery("INSERT INTO outbox (id, subject, event) VALUES ($1, $2, $3)")
        .execute(Tuple.of(UUID.fromString(event.id()), event.subject(), event.toJson()))
        .mapEmpty();
  }
}
