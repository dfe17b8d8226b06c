package io.axon.deploy.common.registry;

import io.axon.deploy.common.bus.Addresses;

/**
 * The CloudEvents the registry publishes on {@link #ADDRESS} (DESIGN §4). Workflow events carry a
 * {@link WorkflowEvent}, version events a {@link VersionEvent}; the subject is the resource's path
 * below {@code /api/v1}.
 */
public final class RegistryEvents {
  public static final String SERVICE = "registry";
  public static final String ADDRESS = Addresses.EVENTS_PREFIX + SERVICE;

  public static final String WORKFLOW_CREATED = "axon.workflow.created";
  public static final String VERSION_CREATED = "axon.version.created";
  public static final String VERSION_PUBLISHED = "axon.version.published";
  public static final String VERSION_DEPRECATED = "axon.version.deprecated";
  public static final String VERSION_ARCHIVED = "axon.version.archived";
  public static final String VERSION_DEFINITION_REPLACED = "axon.version.definition-replaced";

  private RegistryEvents() {
  }

  /** The event a version reaching {@code status} raises. */
  public static String versionMovedTo(VersionStatus status) {
    return switch (status) {
      case DRAFT -> VERSION_CREATED;
      case PUBLISHED -> VERSION_PUBLISHED;
      case DEPRECATED -> VERSION_DEPRECATED;
      case ARCHIVED -> VERSION_ARCHIVED;
    };
  }
}
