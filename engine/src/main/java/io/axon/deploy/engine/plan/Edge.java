package io.axon.deploy.engine.plan;

/** A connection: data and control flow from {@code from}'s {@code fromPort} to {@code to}. */
public record Edge(String from, String to, String fromPort) {
  public static final String MAIN = "main";
}
