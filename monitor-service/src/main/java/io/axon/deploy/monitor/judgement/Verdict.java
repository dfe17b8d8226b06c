package io.axon.deploy.monitor.judgement;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * What a judgement concluded, in words and with the numbers it rests on ({@code evidence}: the
 * version's series, its baseline's, the p-value), which a rollback records and a diagnosis quotes.
 */
public record Verdict(Outcome outcome, String summary, JsonObject evidence) {

  public enum Outcome {
    /** Judged bad: a trigger fires, an analysis fails. */
    FAIL,
    /** Judged good enough: a trigger holds, an analysis passes. */
    PASS,
    /** Too little to judge on: never a pass. */
    INCONCLUSIVE
  }

  public static Verdict fail(String summary, JsonObject evidence) {
    return new Verdict(Outcome.FAIL, summary, evidence);
  }

  public static Verdict pass(String summary, JsonObject evidence) {
    return new Verdict(Outcome.PASS, summary, evidence);
  }

  public static Verdict inconclusive(String summary, JsonObject evidence) {
    return new Verdict(Outcome.INCONCLUSIVE, summary, evidence);
  }

  public boolean failed() {
    return outcome == Outcome.FAIL;
  }

  public JsonObject toJson() {
    return evidence.copy().put("verdict", outcome.name().toLowerCase(Locale.ROOT)).put("summary", summary);
  }
}
