package io.axon.deploy.common.semver;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.semver4j.Range;
import org.semver4j.Range.RangeOperator;
import org.semver4j.RangesList;

/**
 * An npm-style version range ({@code ^1.2.3}, {@code ~1.2}, {@code 1.x}, {@code 1.2.3 - 2.3.4},
 * {@code >=1.2.0 <1.5.0}, {@code 1.x || >=2.5.0}). The text is parsed here, strictly, and every
 * {@code ^ ~ x -} form is expanded to primitive comparators the way npm's {@code semver} does;
 * semver4j only evaluates those primitives. This keeps semver4j's known mistakes (a caret combined
 * with a comparator, a bare {@code x}, invalid ranges silently accepted) away from users.
 */
public final class VersionRange {

  private static final int MAX_LENGTH = 1024;
  private static final String XR = "(x|X|\\*|" + SemanticVersion.NUMBER + ")";
  private static final String PRE_ID = SemanticVersion.PRE_ID;
  private static final String PARTIAL = "v?" + XR + "(?:\\." + XR + "(?:\\." + XR
      + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?)?)?";
  private static final Pattern COMPARATOR = Pattern.compile("(<=|>=|<|>|=|~>|~|\\^)?=?" + PARTIAL);
  private static final Pattern HYPHEN = Pattern.compile("=?(\\S+)\\s+-\\s+=?(\\S+)");
  private static final Pattern OPERATOR_SPACE = Pattern.compile("(<=|>=|<|>|=|~>|~|\\^)\\s+");
  private static final Pattern PARTIAL_ONLY = Pattern.compile(PARTIAL);

  private final String text;
  private final List<List<Comparator>> sets;
  private final RangesList ranges;

  private VersionRange(String text, List<List<Comparator>> sets) {
    this.text = text;
    this.sets = sets;
    this.ranges = new RangesList(false);
    for (List<Comparator> set : sets) {
      List<Range> primitives = new ArrayList<>(set.size());
      for (Comparator c : set) {
        primitives.add(new Range(c.version().semver(), c.operator()));
      }
      ranges.add(primitives);
    }
  }

  /** Parses {@code text} or throws {@link InvalidVersionException} naming the offending part. */
  public static VersionRange parse(String text) {
    if (text == null) {
      throw new InvalidVersionException("a range is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidVersionException("a range is at most " + MAX_LENGTH + " characters");
    }
    List<List<Comparator>> sets = new ArrayList<>();
    for (String set : text.split("\\|\\|", -1)) {
      sets.add(parseSet(set.trim()));
    }
    return new VersionRange(text, sets);
  }

  public boolean isSatisfiedBy(SemanticVersion version) {
    return ranges.isSatisfiedBy(version.semver());
  }

  /**
   * The smallest and the greatest version (each inclusive, absent when unbounded) between which
   * every version that satisfies one comparator set lies. One interval per set: a store can seek
   * to them, then check each candidate with {@link #isSatisfiedBy}.
   */
  public record Interval(Optional<SemanticVersion> lowest, Optional<SemanticVersion> highest) {
  }

  public List<Interval> intervals() {
    List<Interval> intervals = new ArrayList<>(sets.size());
    for (List<Comparator> set : sets) {
      SemanticVersion lowest = null;
      SemanticVersion highest = null;
      for (Comparator c : set) {
        RangeOperator op = c.operator();
        if ((op == RangeOperator.GT || op == RangeOperator.GTE || op == RangeOperator.EQ)
            && (lowest == null || c.version().compareTo(lowest) > 0)) {
          lowest = c.version();
        }
        if ((op == RangeOperator.LT || op == RangeOperator.LTE || op == RangeOperator.EQ)
            && (highest == null || c.version().compareTo(highest) < 0)) {
          highest = c.version();
        }
      }
      intervals.add(new Interval(Optional.ofNullable(lowest), Optional.ofNullable(highest)));
    }
    return intervals;
  }

  /** The range as npm would print it: primitive comparators, sets joined by {@code ||}. */
  public String normalized() {
    List<String> printed = new ArrayList<>();
    for (List<Comparator> set : sets) {
      printed.add(String.join(" ", set.stream().map(Comparator::toString).toList()));
    }
    return String.join("||", printed);
  }

  @Override
  public String toString() {
    return text;
  }

  private static List<Comparator> parseSet(String set) {
    if (set.isEmpty()) {
      return List.of(Comparator.ANY);
    }
    Matcher hyphen = HYPHEN.matcher(set);
    if (hyphen.matches()) {
      return hyphenRange(partial(hyphen.group(1)), partial(hyphen.group(2)));
    }
    List<Comparator> comparators = new ArrayList<>();
    for (String token : OPERATOR_SPACE.matcher(set).replaceAll("$1").split("\\s+")) {
      Matcher m = COMPARATOR.matcher(token);
      if (!m.matches()) {
        throw new InvalidVersionException("'" + SemanticVersion.abbreviate(token)
            + "' is not a version, a partial version or a comparator in range '"
            + SemanticVersion.abbreviate(set) + "'");
      }
      Partial p = new Partial(m.group(2), m.group(3), m.group(4), m.group(5));
      String op = m.group(1) == null ? "" : m.group(1);
      comparators.addAll(switch (op) {
        case "~", "~>" -> tilde(p);
        case "^" -> caret(p);
        default -> xRange(op, p);
      });
    }
    return comparators;
  }

  private static Partial partial(String text) {
    Matcher m = PARTIAL_ONLY.matcher(text);
    if (!m.matches()) {
      throw new InvalidVersionException("'" + text + "' is not a partial version");
    }
    return new Partial(m.group(1), m.group(2), m.group(3), m.group(4));
  }

  private static List<Comparator> xRange(String op, Partial p) {
    if (p.majorIsX()) {
      return List.of(op.equals("<") || op.equals(">") ? Comparator.NONE : Comparator.ANY);
    }
    if (!p.anyX()) {
      return List.of(new Comparator(operator(op), p.full()));
    }
    int major = p.major();
    int minor = p.minorIsX() ? 0 : p.minor();
    switch (op) {
      case ">":
        return List.of(Comparator.gte(p.minorIsX() ? v(major + 1, 0, 0) : v(major, minor + 1, 0)));
      case ">=":
        return List.of(Comparator.gte(v(major, minor, 0)));
      case "<":
        return List.of(Comparator.ltPre(v(major, minor, 0)));
      case "<=":
        return List.of(Comparator.ltPre(p.minorIsX() ? v(major + 1, 0, 0) : v(major, minor + 1, 0)));
      default: // "" or "=": the whole line the partial names
        return p.minorIsX()
            ? List.of(Comparator.gte(v(major, 0, 0)), Comparator.ltPre(v(major + 1, 0, 0)))
            : List.of(Comparator.gte(v(major, minor, 0)), Comparator.ltPre(v(major, minor + 1, 0)));
    }
  }

  private static List<Comparator> tilde(Partial p) {
    if (p.majorIsX()) {
      return List.of(Comparator.ANY);
    }
    if (p.minorIsX()) {
      return List.of(Comparator.gte(v(p.major(), 0, 0)), Comparator.ltPre(v(p.major() + 1, 0, 0)));
    }
    SemanticVersion from = p.patchIsX() ? v(p.major(), p.minor(), 0) : p.full();
    return List.of(Comparator.gte(from), Comparator.ltPre(v(p.major(), p.minor() + 1, 0)));
  }

  private static List<Comparator> caret(Partial p) {
    if (p.majorIsX()) {
      return List.of(Comparator.ANY);
    }
    if (p.minorIsX()) {
      return List.of(Comparator.gte(v(p.major(), 0, 0)), Comparator.ltPre(v(p.major() + 1, 0, 0)));
    }
    if (p.patchIsX()) {
      SemanticVersion upper = p.major() == 0 ? v(0, p.minor() + 1, 0) : v(p.major() + 1, 0, 0);
      return List.of(Comparator.gte(v(p.major(), p.minor(), 0)), Comparator.ltPre(upper));
    }
    SemanticVersion upper;
    if (p.major() != 0) {
      upper = v(p.major() + 1, 0, 0);
    } else if (p.minor() != 0) {
      upper = v(0, p.minor() + 1, 0);
    } else {
      upper = v(0, 0, p.patch() + 1);
    }
    return List.of(Comparator.gte(p.full()), Comparator.ltPre(upper));
  }

  private static List<Comparator> hyphenRange(Partial from, Partial to) {
    List<Comparator> set = new ArrayList<>(2);
    if (!from.majorIsX()) {
      set.add(Comparator.gte(from.anyX()
          ? v(from.major(), from.minorIsX() ? 0 : from.minor(), 0) : from.full()));
    }
    if (!to.majorIsX()) {
      if (to.minorIsX()) {
        set.add(Comparator.ltPre(v(to.major() + 1, 0, 0)));
      } else if (to.patchIsX()) {
        set.add(Comparator.ltPre(v(to.major(), to.minor() + 1, 0)));
      } else {
        set.add(new Comparator(RangeOperator.LTE, to.full()));
      }
    }
    return set.isEmpty() ? List.of(Comparator.ANY) : set;
  }

  private static RangeOperator operator(String op) {
    return switch (op) {
      case "<" -> RangeOperator.LT;
      case "<=" -> RangeOperator.LTE;
      case ">" -> RangeOperator.GT;
      case ">=" -> RangeOperator.GTE;
      default -> RangeOperator.EQ;
    };
  }

  private static SemanticVersion v(int major, int minor, int patch) {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new InvalidVersionException("a version number in the range is too large");
    }
    return SemanticVersion.of(major, minor, patch);
  }

  /** One primitive comparison; {@code ANY} is {@code >=0.0.0} and {@code NONE} {@code <0.0.0-0}. */
  private record Comparator(RangeOperator operator, SemanticVersion version) {
    static final Comparator ANY = gte(SemanticVersion.of(0, 0, 0));
    static final Comparator NONE = ltPre(SemanticVersion.of(0, 0, 0));

    static Comparator gte(SemanticVersion version) {
      return new Comparator(RangeOperator.GTE, version);
    }

    /** {@code <x.y.z-0}: below x.y.z and below all of its prereleases. */
    static Comparator ltPre(SemanticVersion version) {
      return new Comparator(RangeOperator.LT, version.withPrerelease("0"));
    }

    @Override
    public String toString() {
      return operator.asString() + version;
    }
  }

  private record Partial(String majorText, String minorText, String patchText, String prerelease) {
    Partial {
      boolean numberAfterWildcard = (isX(majorText) && minorText != null && !isX(minorText))
          || (isX(minorText) && patchText != null && !isX(patchText));
      if (numberAfterWildcard || (prerelease != null && isX(patchText))) {
        throw new InvalidVersionException("'" + majorText + (minorText == null ? "" : "." + minorText)
            + (patchText == null ? "" : "." + patchText) + "' has a number or prerelease after a wildcard");
      }
    }

    private static boolean isX(String part) {
      return part == null || part.equals("x") || part.equals("X") || part.equals("*");
    }

    boolean majorIsX() {
      return isX(majorText);
    }

    boolean minorIsX() {
      return majorIsX() || isX(minorText);
    }

    boolean patchIsX() {
      return minorIsX() || isX(patchText);
    }

    boolean anyX() {
      return patchIsX();
    }

    int major() {
      return Integer.parseInt(majorText);
    }

    int minor() {
      return Integer.parseInt(minorText);
    }

    int patch() {
      return Integer.parseInt(patchText);
    }

    SemanticVersion full() {
      return SemanticVersion.parse(majorText + "." + minorText + "." + patchText
          + (prerelease == null ? "" : "-" + prerelease));
    }
  }
}
