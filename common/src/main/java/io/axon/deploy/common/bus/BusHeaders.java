package io.axon.deploy.common.bus;

/** Headers every command carries: which action, for which request, on whose behalf. */
public final class BusHeaders {
  public static final String ACTION = "action";
  public static final String REQUEST_ID = "request-id";
  public static final String ACTOR = "actor";

  private BusHeaders() {
  }
}
