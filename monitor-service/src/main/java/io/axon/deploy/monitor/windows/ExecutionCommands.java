package io.axon.deploy.monitor.windows;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.ExecutionBatch;
import io.axon.deploy.common.monitor.ExecutionRecord;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.axon.deploy.common.monitor.WindowStats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MonitorCommands#RECORD_EXECUTIONS} and {@link MonitorCommands#METRICS_WINDOW}. Gateways
 * send batches without waiting for a reply, so a batch is never refused for some bad records: each
 * record that cannot be read is skipped and counted, and said in a warning at most once a minute.
 */
public final class ExecutionCommands {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutionCommands.class);
  private static final long WARN_EVERY_MS = 60_000;

  private final ExecutionWindows windows;
  private final ExecutionMeters meters;
  private final LongSupplier clock;
  private long unreadableSinceWarning;
  private long lastWarning = -WARN_EVERY_MS;

  public ExecutionCommands(ExecutionWindows windows, ExecutionMeters meters, LongSupplier clock) {
    this.windows = windows;
    this.meters = meters;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(MonitorCommands.RECORD_EXECUTIONS, this::record)
        .on(MonitorCommands.METRICS_WINDOW, this::window);
  }

  /**
   * {@code {executions: [[environment, workflow, version, deploymentId, instanceId, outcome,
   * latencyMicros, at, node?], ...]}} (one record each), or {@code {groups: [...]}} ({@link ExecutionBatch},
   * as gateways send them) → {@code {accepted, inWindows, unreadable}}: the records read, those of
   * them that count in the windows (not rejected, not too old or too far ahead), and the records (or
   * groups) that could not be read.
   */
  private Future<Reply> record(Command command) {
    Object executions = command.body().getValue("executions");
    Object groups = command.body().getValue("groups");
    if (!(executions instanceof JsonArray) && !(groups instanceof JsonArray)) {
      return Future.failedFuture(Problem.at(ProblemType.MALFORMED, "/executions",
          "executions must be an array of execution records (or groups an array of execution groups)"));
    }
    List<Optional<ExecutionRecord>> read = new ArrayList<>();
    if (executions instanceof JsonArray records) {
      records.forEach(item -> read.add(read(item)));
    }
    if (groups instanceof JsonArray grouped) {
      grouped.forEach(group -> readGroup(group, read));
    }
    int accepted = 0;
    int inWindows = 0;
    int unreadable = 0;
    for (Optional<ExecutionRecord> execution : read) {
      if (execution.isEmpty()) {
        unreadable++;
        continue;
      }
      accepted++;
      meters.record(execution.get());
      if (windows.record(execution.get())) {
        inWindows++;
      }
    }
    warnOfUnreadable(unreadable);
    return Future.succeededFuture(Reply.ok(new JsonObject().put("accepted", accepted).put("inWindows", inWindows)
        .put("unreadable", unreadable)));
  }

  private Future<Reply> window(Command command) {
    WindowQuery query = WindowQuery.from(command.body(), windows);
    JsonArray versions = new JsonArray();
    windows.query(query.environment(), query.workflow(), query.version(), query.windowMs())
        .stream().map(WindowStats::toJson).forEach(versions::add);
    return Future.succeededFuture(Reply.ok(new JsonObject()
        .put("environment", query.environment())
        .put("workflow", query.workflow())
        .put("windowMs", query.windowMs())
        .put("versions", versions)));
  }

  /** The records of a group, each checked as a positional one is; one empty entry for a group that cannot be read. */
  private static void readGroup(Object group, List<Optional<ExecutionRecord>> read) {
    try {
      for (ExecutionRecord execution : ExecutionBatch.read((JsonObject) group)) {
        read.add(Optional.of(execution).filter(ExecutionCommands::complete));
      }
    } catch (RuntimeException wrongTypeOrNull) {
      read.add(Optional.empty());
    }
  }

  /** A record in its positional form (eight entries, or nine with the failed node) with every field of the right type, or empty. */
  static Optional<ExecutionRecord> read(Object item) {
    if (!(item instanceof JsonArray fields) || fields.size() < 8 || fields.size() > 9) {
      return Optional.empty();
    }
    try {
      return Optional.of(ExecutionRecord.fromJson(fields)).filter(ExecutionCommands::complete);
    } catch (RuntimeException wrongTypeOrNull) { // ClassCastException, NullPointerException, an unknown outcome
      return Optional.empty();
    }
  }

  private static boolean complete(ExecutionRecord execution) {
    return execution.environment() != null && execution.workflow() != null && execution.version() != null
        && execution.instanceId() != null && execution.latencyMicros() >= 0;
  }

  private void warnOfUnreadable(int unreadable) {
    unreadableSinceWarning += unreadable;
    long now = clock.getAsLong();
    if (unreadableSinceWarning > 0 && now - lastWarning >= WARN_EVERY_MS) {
      LOG.warn("{} execution records could not be read and were skipped (expected [environment, workflow, version,"
          + " deploymentId, instanceId, outcome, latencyMicros, at])", unreadableSinceWarning);
      unreadableSinceWarning = 0;
      lastWarning = now;
    }
  }
}
