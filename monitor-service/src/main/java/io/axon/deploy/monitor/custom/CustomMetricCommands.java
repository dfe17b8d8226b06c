package io.axon.deploy.monitor.custom;

import io.axon.deploy.common.bus.Command;
import io.axon.deploy.common.bus.CommandDispatcher;
import io.axon.deploy.common.bus.Reply;
import io.axon.deploy.common.error.Problem;
import io.axon.deploy.common.error.Problem.FieldError;
import io.axon.deploy.common.error.ProblemType;
import io.axon.deploy.common.monitor.MonitorCommands;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@link MonitorCommands#RECORD_METRICS}: custom metric samples from {@code POST /api/v1/metrics}.
 * A batch is taken whole or refused whole: every broken sample is listed at its path, nothing kept.
 * Each sample names the version it measures: that is what a {@code custom_metric} trigger judges.
 */
public final class CustomMetricCommands {
  public static final int MAX_SAMPLES = 1_000;
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,127}");
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");
  private static final Set<String> FIELDS = Set.of("metric", "value", "environment", "workflow", "version", "at");

  private final CustomMetrics metrics;
  private final LongSupplier clock;

  public CustomMetricCommands(CustomMetrics metrics, LongSupplier clock) {
    this.metrics = metrics;
    this.clock = clock;
  }

  public void register(CommandDispatcher dispatcher) {
    dispatcher.on(MonitorCommands.RECORD_METRICS, this::record);
  }

  private Future<Reply> record(Command command) {
    if (!(command.body().getValue("samples") instanceof JsonArray samples) || samples.isEmpty()
        || samples.size() > MAX_SAMPLES) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/samples", "samples is a list of 1 to " + MAX_SAMPLES + " samples");
    }
    List<FieldError> errors = new ArrayList<>();
    List<CustomMetrics.Sample> read = new ArrayList<>();
    long now = clock.getAsLong();
    for (int i = 0; i < samples.size(); i++) {
      read(samples.getValue(i), "/samples/" + i, now, errors).ifPresent(read::add);
    }
    if (!errors.isEmpty()) {
      throw new Problem(ProblemType.UNPROCESSABLE, errors.size() + " of the samples cannot be taken; none was kept", errors)
          .exception();
    }
    if (metrics.size() + metrics.newSeries(read) > CustomMetrics.MAX_SERIES) {
      throw Problem.at(ProblemType.UNPROCESSABLE, "/samples", "the monitor keeps at most " + CustomMetrics.MAX_SERIES
          + " custom metric series (environment, workflow, version and metric) and has " + metrics.size()
          + "; none of these was kept. A metric name that changes with each sample (an id in it) makes a new series each time");
    }
    Map<CustomMetrics.Taken, Long> taken = read.stream().collect(Collectors.groupingBy(metrics::record, Collectors.counting()));
    return Future.succeededFuture(Reply.ok(new JsonObject()
        .put("accepted", taken.getOrDefault(CustomMetrics.Taken.KEPT, 0L))
        .put("outsideRetention", taken.getOrDefault(CustomMetrics.Taken.OUTSIDE_RETENTION, 0L))
        .put("overRate", taken.getOrDefault(CustomMetrics.Taken.OVER_RATE, 0L))));
  }

  private static Optional<CustomMetrics.Sample> read(Object item, String at, long now, List<FieldError> errors) {
    if (!(item instanceof JsonObject sample)) {
      errors.add(new FieldError(at, "a sample is {\"metric\", \"value\", \"environment\", \"workflow\", \"version\", \"at\"?}"));
      return Optional.empty();
    }
    int before = errors.size();
    sample.fieldNames().stream().filter(name -> !FIELDS.contains(name)).sorted()
        .forEach(name -> errors.add(new FieldError(at + "/" + name, "unknown field; a sample has " + FIELDS)));
    String metric = text(sample, "metric", NAME, at, true, errors);
    String environment = text(sample, "environment", KEY, at, true, errors);
    String workflow = text(sample, "workflow", KEY, at, true, errors);
    String version = text(sample, "version", KEY, at, true, errors);
    Object value = sample.getValue("value");
    if (!(value instanceof Number number) || !Double.isFinite(number.doubleValue())) {
      errors.add(new FieldError(at + "/value", "value is a finite number"));
    }
    Object when = sample.getValue("at");
    if (when != null && !(when instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < 1e15)) {
      errors.add(new FieldError(at + "/at", "at is epoch milliseconds"));
    }
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new CustomMetrics.Sample(environment, workflow, version, metric, ((Number) value).doubleValue(),
        when == null ? now : ((Number) when).longValue()));
  }

  private static String text(JsonObject sample, String field, Pattern pattern, String at, boolean required,
      List<FieldError> errors) {
    Object value = sample.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String text) || !pattern.matcher(text).matches()) {
      errors.add(new FieldError(at + "/" + field, value == null ? field + " is required"
          : field + " is a name of letters, digits and " + (pattern == NAME ? "_ . : -" : "_ . + -") + ", up to 128"));
      return null;
    }
    return text;
  }
}
