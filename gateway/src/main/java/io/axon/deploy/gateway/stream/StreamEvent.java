package io.axon.deploy.gateway.stream;

import io.vertx.core.json.JsonObject;

/**
 * An event as the streams see it: its subject, what it concerns, and its JSON text, encoded once
 * for however many streams it goes to, and not at all when none wants it.
 */
final class StreamEvent {
  private final JsonObject json;
  private final String subject;
  private final String environment;
  private final String workflow;
  private final boolean everyWorkflow;
  private String text;

  /**
   * @param environment the environment it concerns, null when unknown
   * @param workflow the workflow it concerns, null when unknown or when it concerns no one workflow
   * @param everyWorkflow it concerns the whole environment (an instance's health), not one workflow
   */
  StreamEvent(JsonObject json, String subject, String environment, String workflow, boolean everyWorkflow) {
    this.json = json;
    this.subject = subject;
    this.environment = environment;
    this.workflow = workflow;
    this.everyWorkflow = everyWorkflow;
  }

  String subject() {
    return subject;
  }

  String environment() {
    return environment;
  }

  String workflow() {
    return workflow;
  }

  boolean everyWorkflow() {
    return everyWorkflow;
  }

  String text() {
    if (text == null) {
      text = json.encode();
    }
    return text;
  }
}
