package io.axon.deploy.common.semver;

import java.util.List;
import java.util.regex.Pattern;
import org.semver4j.Semver;

/**
 * A Semantic Versioning 2.0.0 version. Parsing is strict (the grammar of semver.org) before semver4j
 * sees the text, because semver4j accepts some strings the spec refuses; precedence is semver4j's.
 * Equality ignores build metadata, like precedence does, so that sets and sorted sets agree.
 */
public final class SemanticVersion implements Comparable<SemanticVersion> {

  // The regular expression published on semver.org, with numbers capped so that they fit an int.
  static final String NUMBER = "(?:0|[1-9]\\d{0,8})";
  static final String PRE_ID = "(?:0|[1-9]\\d{0,8}|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
  private static final Pattern STRICT = Pattern.compile(
      NUMBER + "\\." + NUMBER + "\\." + NUMBER
          + "(?:-" + PRE_ID + "(?:\\." + PRE_ID + ")*)?"
          + "(?:\\+[0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*)?");
  private static final int MAX_LENGTH = 256;

  private final Semver semver;

  private SemanticVersion(Semver semver) {
    this.semver = semver;
  }

  /** Parses {@code text} or throws {@link InvalidVersionException} saying why. */
  public static SemanticVersion parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidVersionException("a version is required");
    }
    if (text.length() > MAX_LENGTH || !STRICT.matcher(text).matches()) {
      throw new InvalidVersionException("'" + abbreviate(text)
          + "' is not a Semantic Versioning 2.0.0 version (major.minor.patch, no leading zeros,"
          + " optional -prerelease and +build)");
    }
    return new SemanticVersion(new Semver(text));
  }

  public static SemanticVersion of(int major, int minor, int patch) {
    return new SemanticVersion(Semver.of(major, minor, patch));
  }

  public int major() {
    return semver.getMajor();
  }

  public int minor() {
    return semver.getMinor();
  }

  public int patch() {
    return semver.getPatch();
  }

  public List<String> prerelease() {
    return semver.getPreRelease();
  }

  public boolean isPrerelease() {
    return !semver.getPreRelease().isEmpty();
  }

  /** This version with the given prerelease identifiers and no build metadata. */
  public SemanticVersion withPrerelease(String prerelease) {
    return parse(major() + "." + minor() + "." + patch() + (prerelease.isEmpty() ? "" : "-" + prerelease));
  }

  public SemanticVersion release() {
    return of(major(), minor(), patch());
  }

  public SemanticVersion nextMajor() {
    return of(major() + 1, 0, 0);
  }

  public SemanticVersion nextMinor() {
    return of(major(), minor() + 1, 0);
  }

  public SemanticVersion nextPatch() {
    return of(major(), minor(), patch() + 1);
  }

  Semver semver() {
    return semver;
  }

  /**
   * A string whose byte order (SQL {@code COLLATE "C"}) is this version's precedence, so that the
   * database can sort and seek versions: zero-padded numbers, then {@code -} and the prerelease
   * identifiers (numeric ones length-prefixed, below alphanumeric ones) or {@code ~} for a release.
   */
  public String precedenceKey() {
    StringBuilder key = new StringBuilder(48);
    key.append(String.format("%010d.%010d.%010d", major(), minor(), patch()));
    if (!isPrerelease()) {
      return key.append('~').toString();
    }
    key.append('-');
    for (String id : prerelease()) {
      if (id.chars().allMatch(Character::isDigit)) {
        key.append('0').append(String.format("%03d", id.length())).append(id);
      } else {
        key.append('1').append(id);
      }
      key.append(' '); // below every identifier character: a shorter list sorts first
    }
    return key.toString();
  }

  @Override
  public int compareTo(SemanticVersion other) {
    return semver.compareTo(other.semver);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SemanticVersion other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    return semver.withClearedBuild().hashCode();
  }

  @Override
  public String toString() {
    return semver.getVersion();
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 61) + "...";
  }
}
