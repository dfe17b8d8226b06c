package io.axon.deploy.gateway.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last events seen, so that a repeat from an at-least-once relay is dropped (DESIGN
 * §4). Bounded: a relay repeats what it published just before a crash, not what it published long ago.
 */
final class RecentIds {
  private final Map<String, Boolean> ids;

  RecentIds(int kept) {
    this.ids = new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > kept;
      }
    };
  }

  /** True the first time {@code id} is seen, false for a repeat; an event without an id is never a repeat. */
  boolean firstTime(String id) {
    return id == null || ids.put(id, Boolean.TRUE) == null;
  }
}
