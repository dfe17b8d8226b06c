package io.axon.deploy.common.bus;

/**
 * The actions {@link Addresses#REGISTRY} answers. Bodies and replies are JSON objects with the field
 * names of the HTTP API (DESIGN §3); path parameters travel as body fields ({@code workflow},
 * {@code version}). Replies are {@link Reply}s: a version comes with its {@code ETag} header.
 */
public final class RegistryCommands {
  /** {} -> {status, database}. */
  public static final String PING = "ping";
  /** {key, name, description} -> workflow. */
  public static final String CREATE_WORKFLOW = "workflow.create";
  /**
   * {key?, name?, description?} -> {errors: [{path, message}]}: the rules a new workflow would break,
   * for the fields given; changes nothing. The gateway asks it to report a request's rule problems
   * together with its shape problems.
   */
  public static final String CHECK_WORKFLOW = "workflow.check";
  /** {workflow} -> workflow. */
  public static final String GET_WORKFLOW = "workflow.get";
  /** {limit, cursor} -> {items, nextCursor}. */
  public static final String LIST_WORKFLOWS = "workflow.list";
  /** {workflow, bump|version, prerelease, definition, title, description, tags, dependencies} -> version. */
  public static final String CREATE_VERSION = "version.create";
  /**
   * {definition?, version?, baseVersion?} -> {errors: [{path, message}]}: the rules those fields
   * break (definition validation, SemVer syntax); changes nothing.
   */
  public static final String CHECK_VERSION = "version.check";
  /** {workflow, version} -> version, with an {@code ETag}. */
  public static final String GET_VERSION = "version.get";
  /** {workflow, status, range, limit, cursor} -> {items, nextCursor}, in precedence order. */
  public static final String LIST_VERSIONS = "version.list";
  /** {workflow, version, definition, ifMatch} -> version. */
  public static final String REPLACE_DEFINITION = "version.definition.replace";
  /** {workflow, version, transition: publish|deprecate|archive, reason} -> version. */
  public static final String TRANSITION_VERSION = "version.transition";
  /** {workflow, from, to} -> {from, to, changes, compatibility, requiredBump}. */
  public static final String DIFF_VERSIONS = "version.diff";
  /** {workflow, version, format: json|markdown} -> {workflow, version, releases} or {markdown}. */
  public static final String CHANGELOG = "version.changelog";
  /**
   * {workflow, version, environment?} -> {workflow, version, environment?, resolved, conflicts, missing,
   * cycles, warnings}. Without an environment, across the registry: workflows at their published or
   * deprecated versions, node types against the catalog. With one, as it stands there: a workflow
   * dependency is met only by a version live in that environment (in its routing table at any
   * weight, or as the preview), a node, service or library dependency only when every healthy
   * engine instance there offers it in range. Each entry of {@code missing} is the dependency
   * ({type, name, constraint, required}) with its {@code dependents} and a {@code reason}; an
   * optional one unmet is a warning instead. A version whose required dependencies resolve there has
   * an empty {@code missing}: what the deployer's admission asks before a deployment. 404 at
   * {@code /environment} for an environment the deployer does not know; 503 when the deployer or
   * the monitor cannot answer.
   */
  public static final String RESOLVE_DEPENDENCIES = "version.dependencies.resolve";
  /**
   * {id, service, action, subject, details} -> audit record, on behalf of the actor header. For
   * other services' changes of state; appending the same service and id again returns the first record.
   */
  public static final String APPEND_AUDIT = "audit.append";
  /** {subject, limit, cursor} -> {items, nextCursor}, oldest first. */
  public static final String LIST_AUDIT = "audit.list";
  /** {} -> {seq, hash, head: "seq:hash"}: the chain's head, for a user to keep elsewhere. */
  public static final String AUDIT_HEAD = "audit.head";
  /** {head?: "seq:hash", full?} -> {valid, records, checked, from, head, problems, keptHead?}. */
  public static final String VERIFY_AUDIT = "audit.verify";

  private RegistryCommands() {
  }
}
