package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Range satisfaction agrees with a brute-force model of npm's rule on sets of primitive
 * comparators: every comparator holds by precedence, and a prerelease satisfies only when some
 * comparator names a prerelease of the same major.minor.patch.
 */
class RangeModelPropertiesTest {
  private record Primitive(String operator, SemanticVersion version) {
    boolean holds(SemanticVersion v) {
      int c = v.compareTo(version);
      return switch (operator) {
        case "<" -> c < 0;
        case "<=" -> c <= 0;
        case ">" -> c > 0;
        case ">=" -> c >= 0;
        default -> c == 0;
      };
    }
  }

  @Provide
  Arbitrary<SemanticVersion> versions() {
    Arbitrary<Integer> n = Arbitraries.integers().between(0, 3);
    return Combinators.combine(n, n, n, Arbitraries.of("", "-0", "-alpha", "-alpha.1", "-beta"))
        .as((a, b, c, p) -> SemanticVersion.parse(a + "." + b + "." + c + p));
  }

  @Provide
  Arbitrary<List<List<Primitive>>> ranges() {
    Arbitrary<Primitive> primitive = Combinators.combine(Arbitraries.of("<", "<=", ">", ">=", "="), versions()).as(Primitive::new);
    return primitive.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(1).ofMaxSize(3);
  }

  private static boolean model(List<List<Primitive>> sets, SemanticVersion v) {
    return sets.stream().anyMatch(set -> set.stream().allMatch(p -> p.holds(v))
        && (!v.isPrerelease() || set.stream().anyMatch(p -> p.version().isPrerelease()
            && p.version().release().equals(v.release()))));
  }

  @Property(tries = 5000)
  void satisfactionAgreesWithTheModel(@ForAll("ranges") List<List<Primitive>> sets, @ForAll("versions") SemanticVersion version) {
    String text = String.join(" || ", sets.stream()
        .map(set -> String.join(" ", set.stream().map(p -> p.operator() + p.version()).toList())).toList());
    assertThat(VersionRange.parse(text).isSatisfiedBy(version)).as(text + " by " + version).isEqualTo(model(sets, version));
  }

  @Property
  void precedenceIsTransitive(@ForAll("versions") SemanticVersion a, @ForAll("versions") SemanticVersion b, @ForAll("versions") SemanticVersion c) {
    if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
      assertThat(a.compareTo(c)).isLessThanOrEqualTo(0);
    }
  }
}
