package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our SemVer precedence and range satisfaction agree with npm's own {@code semver} package on the
 * vectors that {@code tools/semver-vectors/generate.js} wrote from it.
 */
class NpmConformanceTest {

  private static List<String[]> vectors(String resource) throws IOException {
    try (InputStream in = NpmConformanceTest.class.getResourceAsStream("/semver/" + resource)) {
      List<String[]> rows = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.startsWith("#")) {
          rows.add(line.split("\t", -1));
        }
      }
      return rows;
    }
  }

  @Test
  void rangeSatisfactionAgreesWithNpm() throws IOException {
    List<String> disagreements = new ArrayList<>();
    List<String[]> rows = vectors("range-satisfaction.tsv");
    for (String[] row : rows) {
      boolean ours = VersionRange.parse(row[0]).isSatisfiedBy(SemanticVersion.parse(row[1]));
      if (ours != Boolean.parseBoolean(row[2])) {
        disagreements.add("'" + row[0] + "' by " + row[1] + ": npm " + row[2] + ", ours " + ours);
      }
    }
    assertThat(rows).hasSizeGreaterThan(5000);
    assertThat(disagreements).isEmpty();
  }

  @Test
  void precedenceAgreesWithNpm() throws IOException {
    for (String[] row : vectors("precedence.tsv")) {
      int ours = Integer.signum(SemanticVersion.parse(row[0]).compareTo(SemanticVersion.parse(row[1])));
      assertThat(ours).as(row[0] + " vs " + row[1]).isEqualTo(Integer.parseInt(row[2]));
    }
  }

  @Test
  void everyRangeNpmRefusesWeRefuse() throws IOException {
    List<String> accepted = new ArrayList<>();
    for (String[] row : vectors("invalid-ranges.txt")) {
      try {
        accepted.add("'" + row[0] + "' as " + VersionRange.parse(row[0]).normalized());
      } catch (InvalidVersionException refused) {
        // as npm does
      }
    }
    assertThat(accepted).isEmpty();
  }
}
