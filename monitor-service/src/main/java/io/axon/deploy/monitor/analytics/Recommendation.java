package io.axon.deploy.monitor.analytics;

/**
 * One piece of advice about a version, in words: {@code kind} is {@code promote}, {@code keep},
 * {@code investigate}, {@code deprecate} or {@code roll-back}; {@code message} says why with the numbers.
 */
public record Recommendation(String kind, String message) {
  public static final String PROMOTE = "promote";
  public static final String KEEP = "keep";
  public static final String INVESTIGATE = "investigate";
  public static final String DEPRECATE = "deprecate";
  public static final String ROLL_BACK = "roll-back";
}
