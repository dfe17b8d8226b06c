package io.axon.deploy.registry.definition;

/** How large a definition may grow; a definition beyond any of these is refused. */
public record DefinitionLimits(int maxNodes, int maxConnections, int maxCanonicalBytes, int maxConfigBytes) {
  public static final DefinitionLimits DEFAULT = new DefinitionLimits(10_000, 50_000, 2 * 1024 * 1024, 64 * 1024);
}
