package io.axon.deploy.engine;

import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

/** Request bodies that must be JSON objects; anything else is a 400 problem. */
public final class RequestBodies {
  private RequestBodies() {
  }

  public static JsonObject object(Buffer body) {
    try {
      if (body != null && body.length() > 0 && Json.decodeValue(body) instanceof JsonObject object) {
        return object;
      }
      throw Problem.at(ProblemType.MALFORMED, "", "the body must be a JSON object");
    } catch (DecodeException e) {
      throw Problem.at(ProblemType.MALFORMED, "", "the body is not JSON: " + e.getMessage());
    }
  }
}
