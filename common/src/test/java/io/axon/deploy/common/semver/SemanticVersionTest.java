package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SemanticVersionTest {

  @ParameterizedTest
  @ValueSource(strings = {"1.02.0", "1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0+", "", " 1.0.0",
      "1.0.0-beta..1", "99999999999.0.0"})
  void refusesWhatTheSpecRefuses(String text) {
    assertThatThrownBy(() -> SemanticVersion.parse(text)).isInstanceOf(InvalidVersionException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.0", "1.4.3+20240115.abc123", "2.0.0-beta.1", "1.0.0-0A.is.legal", "1.0.0-x-y-z.--"})
  void acceptsWhatTheSpecAccepts(String text) {
    assertThat(SemanticVersion.parse(text)).hasToString(text);
  }

  @Test
  void ordersBySpecPrecedenceAndSoDoesThePrecedenceKey() {
    List<String> spec = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
        "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.1.0", "2.0.0-0", "2.0.0", "10.0.0");
    List<SemanticVersion> shuffled = new ArrayList<>(spec.stream().map(SemanticVersion::parse).toList());
    Collections.shuffle(shuffled);
    assertThat(shuffled.stream().sorted().map(Object::toString).toList()).isEqualTo(spec);
    assertThat(shuffled.stream()
        .sorted((a, b) -> a.precedenceKey().compareTo(b.precedenceKey()))
        .map(Object::toString).toList()).isEqualTo(spec);
  }

  @Test
  void buildMetadataDoesNotMakeADifferentVersion() {
    assertThat(SemanticVersion.parse("1.0.0+a")).isEqualTo(SemanticVersion.parse("1.0.0+b"))
        .hasSameHashCodeAs(SemanticVersion.parse("1.0.0"));
  }
}
