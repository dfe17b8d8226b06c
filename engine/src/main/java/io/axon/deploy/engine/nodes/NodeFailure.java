package io.axon.deploy.engine.nodes;

/** A node that failed, with a message for the person reading the execution's error. */
public final class NodeFailure extends RuntimeException {
  public NodeFailure(String message) {
    super(message, null, false, false);
  }
}
