package io.axon.deploy.deployer.rollout;

import io.vertx.core.json.JsonObject;

/**
 * Whether an execution's answer meets a smoke test's {@code expect}: its {@code status}
 * ({@code succeeded} when not said), and every field of {@code output} it names, with equal values.
 */
public final class SmokeTest {

  private SmokeTest() {
  }

  /** Null when {@code answer} meets {@code expect}; what differs otherwise. */
  public static String mismatch(String name, JsonObject expect, JsonObject answer) {
    String status = expect.getString("status", "succeeded");
    if (!status.equals(answer.getString("status"))) {
      return "'" + name + "' expected status " + status + ", got " + answer.getString("status")
          + (answer.getValue("error") == null ? "" : " (" + answer.getValue("error") + ")");
    }
    JsonObject output = expect.getJsonObject("output");
    if (output != null) {
      JsonObject actual = answer.getJsonObject("output", new JsonObject());
      for (String field : output.fieldNames()) {
        if (!output.getValue(field).equals(actual.getValue(field))) {
          return "'" + name + "' expected output." + field + " = " + output.getValue(field) + ", got "
              + actual.getValue(field);
        }
      }
    }
    return null;
  }
}
