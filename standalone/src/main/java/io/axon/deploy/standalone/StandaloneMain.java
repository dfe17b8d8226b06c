package io.axon.deploy.standalone;

import io.axon.deploy.common.cluster.ServiceProcess;
import io.axon.deploy.common.cluster.VertxRuntime;

/**
 * {@code java -jar axon-standalone.jar}: the whole suite on http://localhost:8080; exits with
 * status 1 after one line naming the cause when it cannot start, and stops cleanly on SIGTERM.
 */
public final class StandaloneMain {
  private StandaloneMain() {
  }

  public static void main(String[] args) {
    ServiceProcess.run("Axon Deploy", config -> VertxRuntime.local(), Standalone::deploy,
        config -> "Axon Deploy is up on http://localhost:" + config.httpPort() + " (PostgreSQL "
            + config.pgUrl().replaceAll("//[^@/]*@", "//") + ")");
  }
}
