package io.axon.deploy.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keyOrderAndWhitespaceDoNotChangeTheCanonicalText() {
    JsonObject a = new JsonObject("{\"b\": [1, {\"y\": true, \"x\": null}], \"a\": \"é\"}");
    JsonObject b = new JsonObject("{\"a\":\"é\",\"b\":[1,{\"x\":null,\"y\":true}]}");
    assertThat(CanonicalJson.write(a)).isEqualTo("{\"a\":\"é\",\"b\":[1,{\"x\":null,\"y\":true}]}");
    assertThat(CanonicalJson.digest(a)).isEqualTo(CanonicalJson.digest(b)).startsWith("sha256:").hasSize(71);
  }

  @Test
  void numbersAreWrittenByValue() {
    assertThat(CanonicalJson.write(new JsonObject("{\"n\": 1.0, \"m\": 2.50, \"big\": 1e3}")))
        .isEqualTo("{\"big\":1000,\"m\":2.5,\"n\":1}");
  }

  @Test
  void arrayOrderMatters() {
    assertThat(CanonicalJson.digest(new JsonObject("{\"a\":[1,2]}"))).isNotEqualTo(CanonicalJson.digest(new JsonObject("{\"a\":[2,1]}")));
  }
}
