package io.axon.deploy.standalone;

import io.axon.deploy.common.config.AxonConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar axon-standalone.jar}: the whole suite on http://localhost:8080. */
public final class StandaloneMain {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneMain.class);

  private StandaloneMain() {
  }

  public static void main(String[] args) {
    AxonConfig config = AxonConfig.fromEnvironment();
    Standalone.start(config)
        .onSuccess(runtime -> LOG.info("Axon Deploy is up on http://localhost:{} (PostgreSQL {})",
            config.httpPort(), config.pgUrl().replaceAll("//[^@/]*@", "//")))
        .onFailure(failure -> System.exit(1));
  }
}
