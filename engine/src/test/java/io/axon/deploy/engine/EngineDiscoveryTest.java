package io.axon.deploy.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.cluster.VertxRuntime;
import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.engine.EngineDirectory;
import io.axon.deploy.common.engine.EngineInstance;
import io.axon.deploy.engine.nodes.Gateway;
import io.vertx.core.Vertx;
import io.vertx.servicediscovery.ServiceDiscovery;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Engine instances in service discovery: announced with their environment and endpoint, gone when they stop. */
class EngineDiscoveryTest {

  private static EngineSettings settings(String id, String environment) {
    return new EngineSettings(id, environment, "127.0.0.1", "127.0.0.1", 0, 1,
        new Gateway(Optional.empty(), Optional.empty(), environment), 65_536, Optional.empty(), "AXON_ENGINE_PORT");
  }

  @Test
  void anInstanceIsListedInItsEnvironmentWithItsEndpointAndLeavesWhenItStops() {
    Vertx vertx = Vertx.vertx();
    ServiceDiscovery discovery = EngineDirectory.discovery(vertx);
    try {
      Engines.RunningEngine staging = Engines.start(vertx, settings("staging-1", "staging")).await();
      Engines.start(vertx, settings("production-1", "production")).await();
      List<EngineInstance> listed = EngineDirectory.list(discovery, "staging").await();
      assertThat(listed).containsExactly(staging.instance());
      assertThat(listed.get(0).endpoint()).isEqualTo("http://127.0.0.1:" + staging.instance().port());
      assertThat(staging.instance().port()).isPositive();
      assertThat(EngineDirectory.all(discovery).await()).extracting(EngineInstance::instanceId)
          .containsExactly("production-1", "staging-1");

      staging.stop(vertx).await();
      assertThat(EngineDirectory.list(discovery, "staging").await()).isEmpty();
      assertThat(EngineDirectory.list(discovery, "production").await()).hasSize(1);
    } finally {
      discovery.close();
      vertx.close().await();
    }
  }

  @Test
  void aRecordReadsBackAsTheSameInstanceAndOtherRecordsAreNotEngines() {
    EngineInstance instance = new EngineInstance("dev-1", "development", "10.0.0.7", 9101);
    assertThat(EngineInstance.fromRecord(instance.toRecord())).contains(instance);
    assertThat(instance.toRecord().getMetadata().getString(EngineInstance.ENVIRONMENT)).isEqualTo("development");
    assertThat(EngineInstance.fromRecord(instance.toRecord().setName("something-else"))).isEmpty();
  }

  /** Two clustered Vert.x instances in this JVM, joined on loopback only, in a cluster of their own. */
  @Test
  void inAClusterAnInstanceAnnouncedInOneProcessIsSeenFromAnotherUntilItShutsDown() throws IOException {
    AxonConfig.Cluster cluster = new AxonConfig.Cluster("axon-test-" + UUID.randomUUID(), "127.0.0.1", freePort(),
        List.of("127.0.0.1"));
    VertxRuntime engineSide = VertxRuntime.clustered(cluster).await();
    VertxRuntime readerSide = VertxRuntime.clustered(cluster).await();
    ServiceDiscovery reader = EngineDirectory.discovery(readerSide.vertx());
    try {
      Engines.RunningEngine engine = Engines.start(engineSide.vertx(), settings("development-7", "development")).await();
      assertThat(EngineDirectory.list(reader, "development").await()).containsExactly(engine.instance());

      engineSide.vertx().close().await();
      assertThat(EngineDirectory.list(reader, "development").await()).isEmpty();
    } finally {
      reader.close();
      readerSide.vertx().close().await();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
