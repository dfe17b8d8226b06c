package io.axon.deploy.registry.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.axon.deploy.common.semver.SemanticVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionNumberingTest {
  private static SemanticVersion v(String text) {
    return SemanticVersion.parse(text);
  }

  @Test
  void theFirstVersionOfAWorkflowFollowsFromZero() {
    assertThat(VersionNumbering.target(Bump.MAJOR, Optional.empty())).isEqualTo(v("1.0.0"));
    assertThat(VersionNumbering.target(Bump.MINOR, Optional.empty())).isEqualTo(v("0.1.0"));
    assertThat(VersionNumbering.target(Bump.PATCH, Optional.empty())).isEqualTo(v("0.0.1"));
  }

  @Test
  void aBumpResetsTheLowerNumbers() {
    assertThat(VersionNumbering.target(Bump.MAJOR, Optional.of(v("1.4.3")))).isEqualTo(v("2.0.0"));
    assertThat(VersionNumbering.target(Bump.MINOR, Optional.of(v("1.4.3")))).isEqualTo(v("1.5.0"));
    assertThat(VersionNumbering.target(Bump.PATCH, Optional.of(v("1.4.3")))).isEqualTo(v("1.4.4"));
  }

  @Test
  void prereleasesCountWithinTheirTagAndTarget() {
    SemanticVersion target = v("2.0.0");
    assertThat(VersionNumbering.prerelease(target, "beta", List.of())).hasToString("2.0.0-beta.1");
    List<SemanticVersion> existing = List.of(v("2.0.0-beta.1"), v("2.0.0-beta.9"), v("2.0.0-rc.12"),
        v("2.0.0-beta.x"), v("3.0.0-beta.40"), v("2.0.0-beta.3.1"));
    assertThat(VersionNumbering.prerelease(target, "beta", existing)).hasToString("2.0.0-beta.10");
    assertThat(VersionNumbering.prerelease(target, "rc", existing)).hasToString("2.0.0-rc.13");
  }
}
