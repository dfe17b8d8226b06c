package io.axon.deploy.gateway.execution;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** {@code POST /api/v1/environments/{env}/workflows/{key}/executions}, recognised without a router. */
record ExecutionPath(String environment, String workflow) {
  private static final String PREFIX = "/api/v1/environments/";
  private static final String MIDDLE = "/workflows/";
  private static final String SUFFIX = "/executions";

  static Optional<ExecutionPath> of(HttpServerRequest request) {
    if (request.method() != HttpMethod.POST) {
      return Optional.empty();
    }
    String path = request.path();
    if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
      return Optional.empty();
    }
    String middle = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    int split = middle.indexOf(MIDDLE);
    if (split <= 0 || middle.indexOf('/') != split || middle.indexOf('/', split + MIDDLE.length()) >= 0
        || split + MIDDLE.length() == middle.length()) {
      return Optional.empty();
    }
    return Optional.of(new ExecutionPath(decode(middle.substring(0, split)), decode(middle.substring(split + MIDDLE.length()))));
  }

  private static String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    try {
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return segment;
    }
  }
}
