package io.axon.deploy.common.error;

/**
 * The kinds of failure every service and the gateway share. On the event bus the failure code is
 * the HTTP status, so a reply failure maps to HTTP without reading any message text.
 */
public enum ProblemType {
  MALFORMED(400, "malformed-request", "Malformed request"),
  UNAUTHORIZED(401, "unauthorized", "Authentication required"),
  FORBIDDEN(403, "forbidden", "Not allowed"),
  NOT_FOUND(404, "not-found", "Not found"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable"),
  CONFLICT(409, "conflict", "Conflict with the current state"),
  PRECONDITION_FAILED(412, "precondition-failed", "Precondition failed"),
  TOO_LARGE(413, "payload-too-large", "Request body too large"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
  UNPROCESSABLE(422, "rule-violated", "The request breaks a rule"),
  PRECONDITION_REQUIRED(428, "precondition-required", "Precondition required"),
  INTERNAL(500, "internal-error", "Internal error"),
  EXECUTION_FAILED(502, "execution-failed", "The workflow execution failed"),
  ENGINE_FAILED(502, "engine-failed", "The engine instance failed to answer"),
  UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
  TIMEOUT(504, "timeout", "A service did not answer in time");

  public static final String BASE_URI = "https://axon.dev/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String uri() {
    return BASE_URI + slug;
  }

  public String title() {
    return title;
  }

  public static ProblemType ofStatus(int status) {
    for (ProblemType type : values()) {
      if (type.status == status) {
        return type;
      }
    }
    return status >= 500 ? INTERNAL : MALFORMED;
  }
}
