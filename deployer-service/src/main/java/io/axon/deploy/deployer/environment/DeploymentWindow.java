package io.axon.deploy.deployer.environment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When deployments may start, by the wall clock of an IANA zone: on {@code days}, from {@code start}
 * (inclusive) to {@code end} (exclusive). An {@code end} of {@link LocalTime#MIDNIGHT} is 24:00, the
 * end of the day; a window never crosses midnight. Daylight saving follows the wall clock: on the
 * day clocks spring forward a 02:00–03:00 window does not open at all, and on the day they fall back
 * it stays open through both 02:00–03:00 hours.
 */
public record DeploymentWindow(Set<DayOfWeek> days, LocalTime start, LocalTime end, ZoneId zone) {
  private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?");
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  public DeploymentWindow {
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a window needs at least one day");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
  }

  public boolean contains(Instant instant) {
    ZonedDateTime local = instant.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(start)
        && (end.equals(LocalTime.MIDNIGHT) || time.isBefore(end));
  }

  /**
   * The first instant of {@code date} whose wall clock reads {@code start} or later: {@code start}
   * itself, its first occurrence when clocks fall back, the end of the gap when it falls in one.
   */
  Instant openingOn(LocalDate date) {
    LocalDateTime local = date.atTime(start);
    ZoneOffsetTransition gap = zone.getRules().getTransition(local);
    if (gap != null && gap.isGap()) {
      return gap.getInstant();
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** "tuesday, thursday 02:00–04:00 Europe/Paris". */
  public String describe() {
    return String.join(", ", EnumSet.copyOf(days).stream().map(DeploymentWindow::dayName).toList())
        + " " + time(start) + "–" + (end.equals(LocalTime.MIDNIGHT) ? "24:00" : time(end)) + " " + zone.getId();
  }

  static String dayName(DayOfWeek day) {
    return day.name().toLowerCase(Locale.ROOT);
  }

  private static String time(LocalTime time) {
    return (time.getSecond() == 0 ? HH_MM : HH_MM_SS).format(time);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("days", EnumSet.copyOf(days).stream().map(DeploymentWindow::dayName)
            .collect(JsonArray::new, JsonArray::add, JsonArray::addAll))
        .put("start", time(start))
        .put("end", end.equals(LocalTime.MIDNIGHT) ? "24:00" : time(end))
        .put("timezone", zone.getId());
  }

  /** The window at {@code at}, every problem with it recorded; {@code null} when it has any. */
  static DeploymentWindow read(Object item, String at, Findings findings) {
    if (!(item instanceof JsonObject json)) {
      findings.malformed(at, "a window is {\"days\": [\"tuesday\"], \"start\": \"02:00\", \"end\": \"04:00\", \"timezone\": \"UTC\"}");
      return null;
    }
    int before = findings.size();
    findings.onlyFields(json, at, Set.of("days", "start", "end", "timezone"));
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    JsonArray given = findings.array(json, "days", at, true);
    if (json.getValue("days") instanceof JsonArray && given.isEmpty()) {
      findings.broken(at + "/days", "a window needs at least one day");
    }
    for (int i = 0; i < given.size(); i++) {
      String name = findings.text(given.getValue(i), at + "/days/" + i);
      Optional<DayOfWeek> day = name == null ? Optional.empty() : day(name);
      day.ifPresent(days::add);
      if (name != null && day.isEmpty()) {
        findings.broken(at + "/days/" + i, "unknown day '" + shorten(name)
            + "'; one of monday, tuesday, wednesday, thursday, friday, saturday, sunday");
      }
    }
    LocalTime start = time(findings.text(json, "start", at, true), at + "/start", false, findings);
    LocalTime end = time(findings.text(json, "end", at, true), at + "/end", true, findings);
    if (start != null && end != null && !end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
      findings.broken(at + "/end", "the window ends at or before it starts; a window cannot cross midnight: split it in two");
    }
    ZoneId zone = zone(findings.text(json, "timezone", at, true), at + "/timezone", findings);
    return findings.size() > before ? null : new DeploymentWindow(days, start, end, zone);
  }

  private static Optional<DayOfWeek> day(String name) {
    return List.of(DayOfWeek.values()).stream().filter(d -> dayName(d).equals(name.toLowerCase(Locale.ROOT))).findFirst();
  }

  /** "HH:mm" or "HH:mm:ss"; an end may also be "24:00", the end of the day. */
  private static LocalTime time(String text, String at, boolean isEnd, Findings findings) {
    if (text == null) {
      return null;
    }
    if (isEnd && (text.equals("24:00") || text.equals("24:00:00"))) {
      return LocalTime.MIDNIGHT;
    }
    try {
      LocalTime time = TIME.matcher(text).matches() ? LocalTime.parse(text) : null;
      if (isEnd && LocalTime.MIDNIGHT.equals(time)) {
        findings.broken(at, "a window cannot end at 00:00; for the end of the day write 24:00");
        return null;
      }
      if (time != null) {
        return time;
      }
    } catch (DateTimeParseException e) {
      // out of range, as 25:00: said below
    }
    findings.broken(at, "'" + shorten(text) + "' is not a time of day as HH:mm or HH:mm:ss" + (isEnd ? " (or 24:00)" : ""));
    return null;
  }

  /** An IANA zone such as Europe/Paris, or UTC; raw offsets are refused, they ignore daylight saving. */
  private static ZoneId zone(String text, String at, Findings findings) {
    if (text == null) {
      return null;
    }
    if (ZoneId.getAvailableZoneIds().contains(text)) {
      return ZoneId.of(text);
    }
    findings.broken(at, "'" + shorten(text) + "' is not an IANA time zone such as Europe/Paris or UTC"
        + (text.matches("(?i)(utc|gmt)?\\s*[+-].*") ? " (a raw offset ignores daylight saving; name the zone)" : ""));
    return null;
  }

  static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
