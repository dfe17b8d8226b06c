package io.axon.deploy.engine.nodes;

import java.util.Optional;

/**
 * The gateway a {@code subworkflow} node executes other workflows through: its base URL, the
 * bearer token it presents, and the environment this engine serves (subworkflows run in the same).
 */
public record Gateway(Optional<String> url, Optional<String> token, String environment) {
  /** How many subworkflow calls deep an execution may go before the next call is refused. */
  public static final int MAX_DEPTH = 8;
  /** The header that carries the depth from one engine to the next (the gateway passes it on). */
  public static final String DEPTH_HEADER = "X-Axon-Call-Depth";
}
