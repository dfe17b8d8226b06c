package io.axon.deploy.gateway.http;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.json.CanonicalJson;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * {@code Idempotency-Key} on writes, as Stripe and the IETF draft describe it: a retry with the
 * same key and the same request gets the first answer again (with {@code Idempotent-Replayed:
 * true}) instead of doing the write twice; the same key with another request is a 422, and a retry
 * while the first is still running a 409. Only successful answers are kept, for 24 hours; a failed
 * request frees its key.
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final String KEY = "axon.idempotencyKey";

  private final Pool pool;

  public Idempotency(Pool pool) {
    this.pool = pool;
  }

  /** Lets a first request through with its key reserved; answers a repeated one itself. */
  public Handler<RoutingContext> guard() {
    return ctx -> {
      String key = ctx.request().getHeader(HEADER);
      if (key == null) {
        ctx.next();
        return;
      }
      if (key.isBlank() || key.length() > 255) {
        ctx.fail(Problem.malformed(HEADER + " is 1 to 255 characters"));
        return;
      }
      ApiRequest request = ApiRequest.of(ctx);
      String user = request.principal().user();
      String fingerprint = CanonicalJson.sha256Hex(ctx.request().method() + " " + ctx.request().uri() + "\n"
          + (ctx.body().buffer() == null ? "" : ctx.body().asString()));
      reserve(user, key, fingerprint).onComplete(reserved -> {
        if (reserved.failed()) {
          ctx.fail(reserved.cause());
        } else if (reserved.result() == null) {
          ctx.put(KEY, key);
          ctx.next();
        } else {
          replay(ctx, reserved.result(), fingerprint);
        }
      });
    };
  }

  /** Stores the answer of a request that holds a key, then sends it. */
  public Future<Void> complete(RoutingContext ctx, int status, JsonObject body) {
    String key = ctx.get(KEY);
    if (key == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("UPDATE idempotency_keys SET status = $1, response = $2, etag = $3"
            + " WHERE user_name = $4 AND key = $5")
        .execute(Tuple.of(status, body.encode(), body.getString("etag"), ApiRequest.of(ctx).principal().user(), key))
        .mapEmpty();
  }

  /** Frees the key of a request that failed, so that it can be tried again. */
  public Future<Void> release(RoutingContext ctx) {
    String key = ctx.get(KEY);
    if (key == null) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("DELETE FROM idempotency_keys WHERE user_name = $1 AND key = $2 AND status IS NULL")
        .execute(Tuple.of(ApiRequest.of(ctx).principal().user(), key))
        .mapEmpty();
  }

  /** Null when the key is now reserved for this request, else the row that holds it. */
  private Future<Row> reserve(String user, String key, String fingerprint) {
    return pool.preparedQuery("DELETE FROM idempotency_keys WHERE user_name = $1 AND key = $2"
            + " AND created_at < now() - interval '24 hours'")
        .execute(Tuple.of(user, key))
        .compose(expired -> pool.preparedQuery("INSERT INTO idempotency_keys (user_name, key, fingerprint)"
                + " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .execute(Tuple.of(user, key, fingerprint)))
        .compose(inserted -> inserted.rowCount() == 1
            ? Future.succeededFuture((Row) null)
            : pool.preparedQuery("SELECT fingerprint, status, response, etag FROM idempotency_keys"
                    + " WHERE user_name = $1 AND key = $2")
                .execute(Tuple.of(user, key))
                .map(rows -> rows.iterator().next()));
  }

  private static void replay(RoutingContext ctx, Row stored, String fingerprint) {
    if (!stored.getString("fingerprint").equals(fingerprint)) {
      ctx.fail(Problem.unprocessable("this " + HEADER + " was used for a different request", java.util.List.of()));
    } else if (stored.getInteger("status") == null) {
      ctx.fail(new Problem(ProblemType.CONFLICT, "a request with this " + HEADER + " is still in progress").exception());
    } else {
      if (stored.getString("etag") != null) {
        ctx.response().putHeader("ETag", stored.getString("etag"));
      }
      ctx.response().setStatusCode(stored.getInteger("status"))
          .putHeader("Content-Type", "application/json")
          .putHeader("Idempotent-Replayed", "true")
          .end(stored.getString("response"));
    }
  }
}
