package io.axon.deploy.engine.http;

import io.axon.deploy.engine.EngineState;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /health}: {@code status} {@code healthy} (or {@code draining} while the instance
 * stops), a {@code score} from 0 to 100 and three checks. The reference engine keeps no database;
 * its external service is the gateway that subworkflows go through, reported as configured or not
 * (not called on every poll). A draining instance scores 0.
 */
final class HealthReport {
  private final EngineState state;

  HealthReport(EngineState state) {
    this.state = state;
  }

  JsonObject toJson() {
    boolean draining = state.draining().get();
    boolean gateway = state.gateway().url().isPresent();
    return new JsonObject()
        .put("status", draining ? "draining" : "healthy")
        .put("score", draining ? 0 : 100)
        .put("checks", new JsonObject()
            .put("engine", new JsonObject().put("status", draining ? "fail" : "pass")
                .put("loadedVersions", state.loaded().size())
                .put("runningExecutions", state.running().get())
                .put("executions", state.executions())
                .put("failedExecutions", state.failures()))
            .put("database", new JsonObject().put("status", "pass")
                .put("detail", "the reference engine keeps no database"))
            .put("externalServices", new JsonObject().put("status", gateway ? "pass" : "warn")
                .put("gateway", state.gateway().url().orElse(null))
                .put("detail", gateway ? "subworkflows go through the gateway"
                    : "no gateway configured (AXON_GATEWAY_URL): subworkflow nodes fail")));
  }
}
