package io.axon.deploy.deployer.environment;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * When an environment takes deployments: inside one of its windows (any time when it has none), and
 * never during a freeze. Pure: every answer is for the instant given, so tests fix the time.
 */
public record DeploymentSchedule(List<DeploymentWindow> windows, List<Freeze> freezes) {
  /**
   * How far past a starting point the next window opening is looked for: a window opens every week,
   * except on a day clocks skip its hours, so two weeks always find one.
   */
  private static final int SEARCH_DAYS = 15;
  private static final DateTimeFormatter SOON = DateTimeFormatter.ofPattern("EEEE HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter LATER = DateTimeFormatter.ofPattern("EEEE yyyy-MM-dd HH:mm", Locale.ENGLISH);

  public DeploymentSchedule {
    windows = List.copyOf(windows);
    freezes = List.copyOf(freezes);
  }

  /** Whether a deployment may start at {@code now}. */
  public boolean open(Instant now) {
    return freezeAt(now).isEmpty() && inWindow(now);
  }

  /** The freeze holding at {@code now}; of several, the one that ends last. */
  public Optional<Freeze> freezeAt(Instant now) {
    return freezes.stream().filter(freeze -> freeze.contains(now)).max(Comparator.comparing(Freeze::to));
  }

  /**
   * The first instant at or after {@code now} when {@link #open} holds; empty when there is none
   * (which the rules on windows and freezes make impossible, but the search is bounded all the same).
   * The schedule only opens where a window starts or a freeze ends, so those are the candidates:
   * {@code now}, each freeze's end, and each window opening within {@value #SEARCH_DAYS} days of those.
   */
  public Optional<Instant> nextOpening(Instant now) {
    TreeSet<Instant> candidates = new TreeSet<>();
    candidates.add(now);
    freezes.stream().map(Freeze::to).filter(to -> to.isAfter(now)).forEach(candidates::add);
    if (!windows.isEmpty()) {
      for (Instant from : new ArrayList<>(candidates)) {
        for (DeploymentWindow window : windows) {
          openings(window, from).stream().filter(opening -> !opening.isBefore(now)).forEach(candidates::add);
        }
      }
    }
    return candidates.stream().filter(this::open).findFirst();
  }

  /**
   * Why a deployment cannot start at {@code now}, and when it can, for a refusal: "frozen until
   * 2026-01-05T00:00:00Z (holidays); opens Monday 2026-01-05 02:00 UTC".
   */
  public String describe(Instant now) {
    if (open(now)) {
      return windows.isEmpty() ? "open: no deployment windows and no freeze" : "open: inside a deployment window";
    }
    String why = freezeAt(now)
        .map(freeze -> "frozen until " + freeze.to() + freeze.reason().map(reason -> " (" + reason + ")").orElse(""))
        .orElseGet(() -> "outside the deployment windows (" + windows.stream().map(DeploymentWindow::describe)
            .collect(Collectors.joining("; ")) + ")");
    return why + "; " + nextOpening(now).map(opening -> "opens " + when(opening, now)).orElse("does not open again");
  }

  private boolean inWindow(Instant now) {
    return windows.isEmpty() || windows.stream().anyMatch(window -> window.contains(now));
  }

  /** The window's openings from the day before {@code from} (in its zone) to {@value #SEARCH_DAYS} days after. */
  private static List<Instant> openings(DeploymentWindow window, Instant from) {
    List<Instant> openings = new ArrayList<>();
    try {
      LocalDate first = from.atZone(window.zone()).toLocalDate().minusDays(1);
      for (int i = 0; i <= SEARCH_DAYS; i++) {
        LocalDate day = first.plusDays(i);
        if (window.days().contains(day.getDayOfWeek())) {
          openings.add(window.openingOn(day));
        }
      }
    } catch (DateTimeException | ArithmeticException e) {
      // at the edge of the representable time line there is nothing more to find
    }
    return openings;
  }

  /** "Tuesday 02:00 UTC" within the coming week, with the date further out; in the zone of the window it opens. */
  private String when(Instant opening, Instant now) {
    ZoneId zone = windows.stream().filter(window -> window.contains(opening)).map(DeploymentWindow::zone).findFirst()
        .orElse(ZoneOffset.UTC);
    ZonedDateTime local = opening.atZone(zone);
    boolean soon = Duration.between(now, opening).compareTo(Duration.ofDays(6)) < 0;
    return (soon ? SOON : LATER).format(local) + " " + (zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId());
  }
}
