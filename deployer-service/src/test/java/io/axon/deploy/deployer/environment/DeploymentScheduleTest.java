package io.axon.deploy.deployer.environment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  /** Production as seeded: Tuesday and Thursday 02:00–04:00 UTC. */
  private static final DeploymentWindow PRODUCTION = window(Set.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), "02:00", "04:00", UTC);

  private static DeploymentWindow window(Set<DayOfWeek> days, String start, String end, ZoneId zone) {
    return new DeploymentWindow(days, LocalTime.parse(start), end.equals("24:00") ? LocalTime.MIDNIGHT : LocalTime.parse(end), zone);
  }

  private static DeploymentSchedule schedule(List<DeploymentWindow> windows, Freeze... freezes) {
    return new DeploymentSchedule(windows, List.of(freezes));
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static Freeze freeze(String from, String to, String reason) {
    return new Freeze(at(from), at(to), Optional.ofNullable(reason));
  }

  @Test
  void withoutWindowsOrFreezesItIsAlwaysOpen() {
    DeploymentSchedule schedule = schedule(List.of());
    Clock clock = Clock.fixed(at("2025-03-03T10:00:00Z"), ZoneOffset.UTC);
    assertThat(schedule.open(clock.instant())).isTrue();
    assertThat(schedule.nextOpening(clock.instant())).contains(clock.instant());
  }

  @Test
  void aWindowOpensAtItsStartAndClosesAtItsEnd() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION));
    assertThat(schedule.open(at("2025-03-04T01:59:59Z"))).isFalse();
    assertThat(schedule.open(at("2025-03-04T02:00:00Z"))).isTrue();
    assertThat(schedule.open(at("2025-03-04T03:59:59.999Z"))).isTrue();
    assertThat(schedule.open(at("2025-03-04T04:00:00Z"))).isFalse();
    assertThat(schedule.open(at("2025-03-05T03:00:00Z"))).as("a Wednesday").isFalse();
  }

  @Test
  void onMondayProductionOpensOnTuesdayAt2AndOnTuesdayAfter4ItOpensOnThursday() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION));
    Instant monday = at("2025-03-03T10:00:00Z");
    assertThat(schedule.nextOpening(monday)).contains(at("2025-03-04T02:00:00Z"));
    assertThat(schedule.describe(monday)).isEqualTo(
        "outside the deployment windows (tuesday, thursday 02:00–04:00 UTC); opens Tuesday 02:00 UTC");
    assertThat(schedule.nextOpening(at("2025-03-04T04:00:00Z"))).contains(at("2025-03-06T02:00:00Z"));
    assertThat(schedule.nextOpening(at("2025-03-04T03:00:00Z"))).as("open now").contains(at("2025-03-04T03:00:00Z"));
  }

  @Test
  void aWindowMayRunToTheEndOfTheDay() {
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.FRIDAY), "22:00", "24:00", UTC)));
    assertThat(schedule.open(at("2025-03-07T23:59:59Z"))).isTrue();
    assertThat(schedule.open(at("2025-03-08T00:00:00Z"))).isFalse();
  }

  @Test
  void aFreezeClosesAWindowAndTheScheduleOpensWhenItEndsIfAWindowIsStillOpen() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION), freeze("2025-03-04T01:00:00Z", "2025-03-04T03:00:00Z", "incident"));
    Instant inside = at("2025-03-04T02:30:00Z");
    assertThat(schedule.open(inside)).isFalse();
    assertThat(schedule.freezeAt(inside)).map(Freeze::reason).contains(Optional.of("incident"));
    assertThat(schedule.nextOpening(inside)).contains(at("2025-03-04T03:00:00Z"));
    assertThat(schedule.describe(inside)).isEqualTo("frozen until 2025-03-04T03:00:00Z (incident); opens Tuesday 03:00 UTC");
  }

  @Test
  void aFreezeOverAWholeWindowDefersToTheNextWindowAfterIt() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION), freeze("2025-03-04T00:00:00Z", "2025-03-04T05:00:00Z", null));
    assertThat(schedule.nextOpening(at("2025-03-04T01:00:00Z"))).contains(at("2025-03-06T02:00:00Z"));
  }

  @Test
  void freezesThatOverlapHoldUntilTheLastOfThemEnds() {
    DeploymentSchedule schedule = schedule(List.of(),
        freeze("2025-12-20T00:00:00Z", "2025-12-27T00:00:00Z", "holidays"),
        freeze("2025-12-26T00:00:00Z", "2026-01-05T00:00:00Z", "new year"));
    Instant christmas = at("2025-12-26T12:00:00Z");
    assertThat(schedule.freezeAt(christmas)).map(Freeze::reason).contains(Optional.of("new year"));
    assertThat(schedule.nextOpening(at("2025-12-21T00:00:00Z"))).contains(at("2026-01-05T00:00:00Z"));
    assertThat(schedule.describe(at("2025-12-21T00:00:00Z"))).isEqualTo(
        "frozen until 2025-12-27T00:00:00Z (holidays); opens Monday 2026-01-05 00:00 UTC");
    assertThat(schedule.open(at("2026-01-05T00:00:00Z"))).as("a freeze ends before its 'to'").isTrue();
  }

  @Test
  void aWindowFollowsTheWallClockOfItsZone() {
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.TUESDAY), "02:00", "04:00", PARIS)));
    // winter: Paris is UTC+1
    assertThat(schedule.nextOpening(at("2025-03-03T10:00:00Z"))).contains(at("2025-03-04T01:00:00Z"));
    // summer: UTC+2
    assertThat(schedule.nextOpening(at("2025-06-02T10:00:00Z"))).contains(at("2025-06-03T00:00:00Z"));
    assertThat(schedule.describe(at("2025-06-02T10:00:00Z"))).endsWith("opens Tuesday 02:00 Europe/Paris");
  }

  @Test
  void onTheDayParisSpringsForwardA2To3WindowDoesNotOpenAndTheNextOneDoes() {
    // 2025-03-30: clocks go from 02:00 CET straight to 03:00 CEST (01:00Z)
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "02:00", "03:00", PARIS)));
    assertThat(schedule.open(at("2025-03-30T00:59:59Z"))).as("01:59:59 CET").isFalse();
    assertThat(schedule.open(at("2025-03-30T01:00:00Z"))).as("03:00 CEST").isFalse();
    assertThat(schedule.nextOpening(at("2025-03-29T12:00:00Z"))).contains(at("2025-04-06T00:00:00Z"));
  }

  @Test
  void onTheDayParisSpringsForwardAWindowStartingInTheGapOpensWhenTheGapEnds() {
    DeploymentSchedule twoToFour = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "02:00", "04:00", PARIS)));
    assertThat(twoToFour.nextOpening(at("2025-03-30T00:00:00Z"))).contains(at("2025-03-30T01:00:00Z"));
    assertThat(twoToFour.open(at("2025-03-30T01:59:59Z"))).isTrue();
    assertThat(twoToFour.open(at("2025-03-30T02:00:00Z"))).as("04:00 CEST: an hour of window that day").isFalse();
    DeploymentSchedule halfPast = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "02:30", "03:30", PARIS)));
    assertThat(halfPast.nextOpening(at("2025-03-30T00:00:00Z"))).contains(at("2025-03-30T01:00:00Z"));
  }

  @Test
  void onTheDayParisFallsBackA2To3WindowStaysOpenThroughBothHours() {
    // 2025-10-26: 03:00 CEST (01:00Z) becomes 02:00 CET again; 02:00–03:00 happens twice
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "02:00", "03:00", PARIS)));
    assertThat(schedule.nextOpening(at("2025-10-25T23:00:00Z"))).contains(at("2025-10-26T00:00:00Z"));
    assertThat(schedule.open(at("2025-10-26T00:30:00Z"))).as("02:30 CEST").isTrue();
    assertThat(schedule.open(at("2025-10-26T01:30:00Z"))).as("02:30 CET").isTrue();
    assertThat(schedule.open(at("2025-10-26T02:00:00Z"))).as("03:00 CET").isFalse();
  }

  @Test
  void onTheDayNewYorkSpringsForwardA2To3WindowDoesNotOpen() {
    // 2025-03-09: 02:00 EST becomes 03:00 EDT (07:00Z)
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "02:00", "03:00", NEW_YORK)));
    assertThat(schedule.open(at("2025-03-09T06:59:59Z"))).isFalse();
    assertThat(schedule.open(at("2025-03-09T07:00:00Z"))).isFalse();
    assertThat(schedule.nextOpening(at("2025-03-09T05:00:00Z"))).contains(at("2025-03-16T06:00:00Z"));
  }

  @Test
  void onTheDayNewYorkFallsBackA1To2WindowStaysOpenThroughBothHours() {
    // 2025-11-02: 02:00 EDT (06:00Z) becomes 01:00 EST again
    DeploymentSchedule schedule = schedule(List.of(window(Set.of(DayOfWeek.SUNDAY), "01:00", "02:00", NEW_YORK)));
    assertThat(schedule.nextOpening(at("2025-11-02T00:00:00Z"))).contains(at("2025-11-02T05:00:00Z"));
    assertThat(schedule.open(at("2025-11-02T05:30:00Z"))).as("01:30 EDT").isTrue();
    assertThat(schedule.open(at("2025-11-02T06:30:00Z"))).as("01:30 EST").isTrue();
    assertThat(schedule.open(at("2025-11-02T07:00:00Z"))).as("02:00 EST").isFalse();
  }

  @Test
  void windowsInSeveralZonesOpenAtTheEarliestOfThem() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION, window(Set.of(DayOfWeek.MONDAY), "23:00", "24:00", NEW_YORK)));
    // Monday 23:00 in New York (EST) is Tuesday 04:00Z, after production's window has closed
    assertThat(schedule.nextOpening(at("2025-03-03T10:00:00Z"))).contains(at("2025-03-04T02:00:00Z"));
    assertThat(schedule.nextOpening(at("2025-03-04T03:30:00Z"))).contains(at("2025-03-04T03:30:00Z"));
    assertThat(schedule.nextOpening(at("2025-03-04T04:00:00Z"))).contains(at("2025-03-04T04:00:00Z"));
  }

  @Test
  void aFreezeToTheLastYearAllowedStillHasAnOpeningAfterIt() {
    DeploymentSchedule schedule = schedule(List.of(PRODUCTION), freeze("2025-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "forever"));
    assertThat(schedule.nextOpening(at("2025-03-03T10:00:00Z"))).hasValueSatisfying(opening ->
        assertThat(opening).isAfter(at("9999-12-31T23:59:59Z")).isBefore(at("+10000-01-08T00:00:00Z")));
    assertThat(schedule.describe(at("2025-03-03T10:00:00Z"))).startsWith("frozen until 9999-12-31T23:59:59Z (forever); opens ");
  }
}
