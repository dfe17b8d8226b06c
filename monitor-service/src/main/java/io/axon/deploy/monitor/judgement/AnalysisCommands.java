package io.axon.deploy.monitor.judgement;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.monitor.windows.ExecutionWindows;
import io.axon.deploy.monitor.windows.ExecutionWindows.WindowSample;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** {@link MonitorCommands#ANALYSE_CANARY}: the deployer's analysis steps ask the monitor for a verdict. */
public final class AnalysisCommands {
  private final ExecutionWindows windows;

  public AnalysisCommands(ExecutionWindows windows) {
    this.windows = windows;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(MonitorCommands.ANALYSE_CANARY, this::analyse);
  }

  private Future<Reply> analyse(Command command) {
    JsonObject body = command.body();
    String environment = required(body, "environment");
    String workflow = required(body, "workflow");
    String version = required(body, "version");
    Optional<String> baseline = Optional.ofNullable(body.getString("baseline"));
    long since = body.getLong("since", 0L);
    CanaryJudge.Criteria criteria = new CanaryJudge.Criteria(body.getInteger("minSamples", 100),
        body.getDouble("maxErrorRate", 0.05), Optional.ofNullable(body.getDouble("minSuccessRate")));
    Verdict verdict = CanaryJudge.judge(series(environment, workflow, version, since),
        baseline.map(stable -> series(environment, workflow, stable, since)), criteria);
    return Future.succeededFuture(Reply.ok(verdict.toJson()));
  }

  private Series series(String environment, String workflow, String version, long since) {
    WindowSample sample = windows.sample(environment, workflow, version, since);
    return Series.ofLatencies(version, sample.count(), sample.errors(), sample.latencies());
  }

  private static String required(JsonObject body, String field) {
    if (!(body.getValue(field) instanceof String text) || text.isBlank()) {
      throw Problem.at(ProblemType.MALFORMED, "/" + field, field + " is required");
    }
    return text;
  }
}
