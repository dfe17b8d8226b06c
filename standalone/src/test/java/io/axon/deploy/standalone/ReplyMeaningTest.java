package io.axon.deploy.standalone;

import static io.axon.deploy.standalone.RunningSuite.ADMIN_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Services answer with a status, headers and a body; the gateway passes all three on and adds nothing. */
class ReplyMeaningTest extends SuiteTest {

  @Test
  void aCreatedVersionIs201WithItsLocationAndETagAsHeadersNotFields() {
    suite.post("/api/v1/workflows", ADMIN_TOKEN, new JsonObject().put("key", "meant").put("name", "Meant"));
    Reply created = suite.post("/api/v1/workflows/meant/versions", ADMIN_TOKEN,
        new JsonObject().put("version", "1.0.0").put("definition", Definitions.valid(1)));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Location")).isEqualTo("/api/v1/workflows/meant/versions/1.0.0");
    assertThat(created.etag()).isEqualTo("\"1\"");
    assertThat(created.json().containsKey("etag")).isFalse();

    Reply read = suite.get(created.header("Location"), ADMIN_TOKEN);
    assertThat(read.etag()).isEqualTo("\"1\"");
    assertThat(read.json().containsKey("etag")).isFalse();
  }
}
