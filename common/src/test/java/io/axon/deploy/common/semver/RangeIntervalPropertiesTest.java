package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The registry seeks to a range's intervals before checking versions: no satisfying version may lie outside them. */
class RangeIntervalPropertiesTest {

  @Provide
  Arbitrary<SemanticVersion> versions() {
    Arbitrary<Integer> number = Arbitraries.integers().between(0, 4);
    Arbitrary<String> pre = Arbitraries.of("", "-0", "-alpha", "-beta.2", "-rc.1");
    return Combinators.combine(number, number, number, pre).as((a, b, c, p) -> SemanticVersion.parse(a + "." + b + "." + c + p));
  }

  @Provide
  Arbitrary<VersionRange> ranges() {
    Arbitrary<String> part = Arbitraries.of("0", "1", "2", "3");
    // 1 to 3 parts; from some part on, wildcards (npm refuses a number after a wildcard)
    Arbitrary<String> partial = Combinators.combine(part, part, part, Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 3))
        .as((a, b, c, n, wildFrom) -> {
          String[] parts = {a, b, c};
          StringBuilder text = new StringBuilder();
          for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : ".").append(i >= wildFrom ? "x" : parts[i]);
          }
          return text.toString();
        });
    Arbitrary<String> comparator = Combinators.combine(Arbitraries.of("", "^", "~", ">", ">=", "<", "<=", "="), partial)
        .as((op, p) -> op + p);
    Arbitrary<String> set = Arbitraries.oneOf(
        comparator.list().ofMinSize(1).ofMaxSize(3).map(list -> String.join(" ", list)),
        Combinators.combine(partial, partial).as((a, b) -> a + " - " + b));
    return set.list().ofMinSize(1).ofMaxSize(3).map(sets -> VersionRange.parse(String.join(" || ", sets)));
  }

  @Property(tries = 3000)
  void everySatisfyingVersionLiesInOneOfTheIntervals(@ForAll("ranges") VersionRange range, @ForAll("versions") SemanticVersion version) {
    if (range.isSatisfiedBy(version)) {
      assertThat(range.intervals()).as(range.normalized()).anySatisfy(interval -> {
        interval.lowest().ifPresent(low -> assertThat(version).isGreaterThanOrEqualTo(low));
        interval.highest().ifPresent(high -> assertThat(version).isLessThanOrEqualTo(high));
      });
    }
  }
}
