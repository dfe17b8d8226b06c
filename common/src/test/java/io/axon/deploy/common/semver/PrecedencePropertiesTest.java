package io.axon.deploy.common.semver;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The database orders versions by their precedence key; it must agree with SemVer precedence. */
class PrecedencePropertiesTest {

  @Provide
  Arbitrary<SemanticVersion> versions() {
    Arbitrary<Integer> number = Arbitraries.oneOf(Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 999_999_999));
    Arbitrary<String> identifier = Arbitraries.oneOf(
        Arbitraries.integers().between(0, 10_000).map(String::valueOf),
        Arbitraries.strings().withChars("abz-AZ09").ofMinLength(1).ofMaxLength(6).filter(s -> !s.chars().allMatch(Character::isDigit)));
    Arbitrary<String> prerelease = identifier.list().ofMinSize(0).ofMaxSize(3).map(ids -> String.join(".", ids));
    return Combinators.combine(number, number, number, prerelease)
        .as((major, minor, patch, pre) -> SemanticVersion.parse(major + "." + minor + "." + patch + (pre.isEmpty() ? "" : "-" + pre)));
  }

  @Property
  void thePrecedenceKeyOrdersAsPrecedenceDoes(@ForAll("versions") SemanticVersion a, @ForAll("versions") SemanticVersion b) {
    assertThat(Integer.signum(a.precedenceKey().compareTo(b.precedenceKey()))).isEqualTo(Integer.signum(a.compareTo(b)));
  }

  @Property
  void precedenceIsAntisymmetric(@ForAll("versions") SemanticVersion a, @ForAll("versions") SemanticVersion b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(-Integer.signum(b.compareTo(a)));
  }
}
