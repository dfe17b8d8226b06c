package io.axon.deploy.common.bus;

/**
 * Headers of commands and their replies. A command says which action, for which request, on whose
 * behalf and, for a write, under which idempotency key; a reply carries the HTTP status and headers
 * its body should be answered with.
 */
public final class BusHeaders {
  public static final String ACTION = "action";
  public static final String REQUEST_ID = "request-id";
  public static final String ACTOR = "actor";
  public static final String ACTOR_TOKEN = "actor-token";
  public static final String IDEMPOTENCY_KEY = "idempotency-key";
  /** When the caller stops waiting, in epoch milliseconds: a change not committed by then is rolled back. */
  public static final String DEADLINE = "deadline";
  /** The size of the HTTP body a command came from, so that a service knows a large one before walking it. */
  public static final String BODY_BYTES = "body-bytes";
  public static final String STATUS = "status";
  /** Prefix of a reply header that the gateway passes on as an HTTP header: {@code http-ETag}. */
  public static final String HTTP_PREFIX = "http-";

  private BusHeaders() {
  }
}
