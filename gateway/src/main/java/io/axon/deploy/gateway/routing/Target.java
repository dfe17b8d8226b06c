package io.axon.deploy.gateway.routing;

import java.util.List;
import java.util.Optional;

/**
 * Where one execution goes: a version, the deployment that put it there, the instances to try in
 * order, and the engine path to post to.
 */
public record Target(String environment, String workflow, String version, Optional<String> deploymentId,
    List<EngineAddress> instances, String enginePath) {
}
