package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Expected answers are what npm's semver 7 says for the same range and version. */
class VersionRangeTest {

  @ParameterizedTest(name = "{0} satisfied by {1}: {2}")
  @CsvSource(delimiter = ';', value = {
      "^1.2.3 <1.5.0; 1.4.9; true", "^1.2.3 <1.5.0; 1.5.0; false", "^1.2.3 <1.5.0; 1.2.2; false",
      "^1.2.3 >=1.5.0; 1.5.0; true", "^1.2.3 >=1.5.0; 2.0.0; false", "^1.2.3 >=1.5.0; 1.4.0; false",
      "x; 3.0.0; true", "X; 0.0.1; true", "*; 3.0.0-beta; false", "''; 1.0.0; true",
      "^1.2.3-beta.2; 1.2.3-beta.4; true", "^1.2.3-beta.2; 1.2.4-beta.2; false", "^1.2.3-beta.2; 1.2.3; true",
      "^1.2.3; 2.0.0-0; false", "^1.2.3; 1.9.9; true",
      "~1.2; 1.2.9; true", "~1.2; 1.3.0; false", "~1; 1.9.0; true", "~1.2.3; 1.2.2; false",
      "1.2.3 - 2.3; 2.3.9; true", "1.2.3 - 2.3; 2.4.0; false", "1.2 - 2.3.4; 1.2.0; true", "1.2.3 - 2.3.4; 2.3.5; false",
      ">1.2; 1.2.9; false", ">1.2; 1.3.0; true", "<=1.2; 1.2.9; true", "<=1.2; 1.3.0; false", "<1.2; 1.2.0-beta; false",
      "1.x || >=2.5.0; 2.4.0; false", "1.x || >=2.5.0; 2.5.0; true", "1.x || >=2.5.0; 1.9.0; true",
      "^0.0.3; 0.0.3; true", "^0.0.3; 0.0.4; false", "^0.2.3; 0.2.9; true", "^0.2.3; 0.3.0; false",
      "^0.x; 0.9.0; true", "^0.0.x; 0.0.5; true", "^0.0.x; 0.1.0; false",
      ">= 1.2.3; 1.2.3; true", "=1.2.3; 1.2.3; true", "1.2.3; 1.2.3+build; true", ">*; 1.0.0; false",
      "~>1.2.3; 1.2.9; true", "v1.2.3; 1.2.3; true", "1.2; 1.2.7; true", "1.2; 1.3.0; false"})
  void agreesWithNpm(String range, String version, boolean expected) {
    String text = range.equals("''") ? "" : range;
    assertThat(VersionRange.parse(text).isSatisfiedBy(SemanticVersion.parse(version))).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"latest", "abc", ">=1.2.3 <", "[1.0,2.0)", "1.2.3.4", "^", "1.02", ">=>1.0.0", "1.2.3 -", "~1.2.3-"})
  void refusesWhatNpmRefuses(String range) {
    assertThatThrownBy(() -> VersionRange.parse(range)).isInstanceOf(InvalidVersionException.class);
  }
}
