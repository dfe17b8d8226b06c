package io.axon.deploy.registry.live;

import io.axon.deploy.common.routing.RoutingTable;
import io.axon.deploy.common.semver.SemanticVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one revision of a workflow's routing table in one environment says is live there: every
 * version the table keeps loaded, whether it takes traffic or not. A route of weight 0 is live (the
 * deployer keeps it loaded as the rollback target), and so is the blue-green preview.
 */
public record LiveTable(String environment, String workflow, long revision, List<LiveVersion> versions) {

  /**
   * A version live in the table: its weight when it has a route (empty when it is only the preview),
   * and whether it is the preview.
   */
  public record LiveVersion(SemanticVersion version, Optional<Integer> weight, boolean preview) {
    /** How it is live, for a person: "weight 30", "weight 0, kept loaded as the rollback target", "preview". */
    public String describe() {
      List<String> parts = new ArrayList<>();
      weight.ifPresent(w -> parts.add(w == 0 ? "weight 0, kept loaded as the rollback target" : "weight " + w));
      if (preview) {
        parts.add("preview");
      }
      return String.join(", ", parts);
    }
  }

  public LiveTable {
    versions = List.copyOf(versions);
  }

  public static LiveTable of(RoutingTable table) {
    Map<SemanticVersion, LiveVersion> live = new LinkedHashMap<>();
    table.routes().forEach(route -> live.put(route.version(),
        new LiveVersion(route.version(), Optional.of(route.weight()), false)));
    table.preview().ifPresent(preview -> live.merge(preview, new LiveVersion(preview, Optional.empty(), true),
        (routed, previewed) -> new LiveVersion(preview, routed.weight(), true)));
    return new LiveTable(table.environment(), table.workflow(), table.revision(), List.copyOf(live.values()));
  }

  /** Whether this revision replaces the one held ({@code held} empty: none yet); an older or repeated one does not. */
  public boolean supersedes(OptionalLong held) {
    return held.isEmpty() || revision > held.getAsLong();
  }

  public Optional<LiveVersion> find(SemanticVersion version) {
    return versions.stream().filter(v -> v.version().equals(version)).findFirst();
  }
}
