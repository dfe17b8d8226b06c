package io.axon.deploy.engine;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.engine.nodes.Gateway;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/**
 * One engine instance's settings: who it is, where it listens ({@code port} 0: a free port) and
 * what it announces, how many event loops serve it, the gateway for subworkflows, the largest body,
 * the node type catalog, and the setting to name when its port is taken.
 */
public record EngineSettings(String instanceId, String environment, String host, String publicHost, int port,
    int instances, Gateway gateway, int maxBodyBytes, Optional<Path> nodeTypes, String portSetting) {

  /** The settings of an engine process ({@code EngineMain}). */
  public static EngineSettings of(AxonConfig config) {
    AxonConfig.Engine engine = config.engine();
    return new EngineSettings(engine.instanceId().orElse(engine.environment() + "-" + UUID.randomUUID().toString().substring(0, 8)),
        engine.environment(), engine.host(), engine.publicHost(), engine.port(), config.instances(),
        new Gateway(engine.gatewayUrl(), engine.gatewayToken(), engine.environment()), config.maxBodyBytes(),
        config.nodeTypes(), "AXON_ENGINE_PORT");
  }

  /** The {@code index}th (from 0) of the standalone suite's instances in {@code environment}. */
  public static EngineSettings standalone(AxonConfig config, String environment, int index, int portOffset) {
    AxonConfig.Engine engine = config.engine();
    Optional<String> gateway = engine.gatewayUrl().or(() -> Optional.of("http://127.0.0.1:" + config.httpPort()));
    return new EngineSettings(environment + "-" + (index + 1), environment, engine.host(), engine.publicHost(),
        engine.basePort() == 0 ? 0 : engine.basePort() + portOffset, 1,
        new Gateway(gateway, engine.gatewayToken().or(config::adminToken), environment), config.maxBodyBytes(),
        config.nodeTypes(), "AXON_ENGINE_BASE_PORT (0 picks free ports)");
  }
}
