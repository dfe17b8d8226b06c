package io.axon.deploy.gateway.http;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is sane, else a new one),
 * returns it in the response, and logs the request with it when it ends.
 */
public final class RequestLog implements PlatformHandler {
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "axon.requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Logger LOG = LoggerFactory.getLogger("axon.gateway.access");

  private final HttpMetrics metrics;

  /** {@code metrics} null: no latency histogram (AXON_HTTP_METRICS=false). */
  public RequestLog(HttpMetrics metrics) {
    this.metrics = metrics;
  }

  public static String id(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    long start = System.nanoTime();
    ctx.addEndHandler(done -> {
      long nanos = System.nanoTime() - start;
      int status = ctx.response().getStatusCode();
      if (metrics != null) {
        Operations.Operation operation = RequestCheck.operation(ctx);
        metrics.record(operation == null ? "unmatched" : operation.id(), ctx.request().method().name(), status, nanos);
      }
      LOG.info("[{}] {} {} {} {}ms", id, ctx.request().method(), ctx.request().path(), status, nanos / 1_000_000);
    });
    ctx.next();
  }
}
