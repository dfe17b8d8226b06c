package io.axon.deploy.standalone;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class whose tests share one standalone suite on a fresh database of its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SuiteTest {
  protected RunningSuite suite;

  @BeforeAll
  void startSuite() {
    suite = RunningSuite.start();
  }

  @AfterAll
  void stopSuite() {
    suite.close();
  }
}
