package io.axon.deploy.engine.nodes;

/** What a node produced, and the port it left through (null: all of them; a condition: true or false). */
public record NodeOutcome(Object output, String port) {
  public static NodeOutcome of(Object output) {
    return new NodeOutcome(output, null);
  }
}
