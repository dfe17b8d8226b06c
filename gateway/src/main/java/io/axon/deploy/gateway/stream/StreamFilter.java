package io.axon.deploy.gateway.stream;

import java.util.Optional;

/**
 * Which events a stream carries: those of one subject ({@code deployments/{id}}), or those of an
 * environment and a workflow, either filter optional. An event whose environment or workflow is not
 * known passes only the filters not given; an instance's health passes any workflow filter, since
 * it concerns every workflow of its environment.
 */
record StreamFilter(Optional<String> subject, Optional<String> environment, Optional<String> workflow) {

  static StreamFilter deployment(String id) {
    return new StreamFilter(Optional.of(DeploymentSnapshots.subject(id)), Optional.empty(), Optional.empty());
  }

  static StreamFilter events(Optional<String> environment, Optional<String> workflow) {
    return new StreamFilter(Optional.empty(), environment, workflow);
  }

  boolean matches(StreamEvent event) {
    if (subject.isPresent()) {
      return subject.get().equals(event.subject());
    }
    return environment.map(wanted -> wanted.equals(event.environment())).orElse(true)
        && workflow.map(wanted -> event.everyWorkflow() || wanted.equals(event.workflow())).orElse(true);
  }
}
