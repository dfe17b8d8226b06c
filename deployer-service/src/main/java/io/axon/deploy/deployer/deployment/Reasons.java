package io.axon.deploy.deployer.deployment;

import java.util.Optional;

/**
 * The sentences a deployment's {@code failure} starts with when people or the driver end it,
 * written here and read back here: a diagnosis tells causes apart by them, so each phrase has one
 * home and cannot drift between the code that writes it and the code that reads it.
 */
public final class Reasons {
  private static final String ABORTED_BY = "aborted by ";
  private static final String ROLLED_BACK_BY = "rolled back by ";
  private static final String DEADLINE = "its progress deadline of ";

  private Reasons() {
  }

  public static String abortedBy(String user, Optional<String> reason) {
    return ABORTED_BY + user + reason.map(r -> ": " + r).orElse("");
  }

  public static String rolledBackBy(String user, Optional<String> reason) {
    return ROLLED_BACK_BY + user + reason.map(r -> ": " + r).orElse("");
  }

  public static String deadlinePassed(long deadlineMs) {
    return DEADLINE + deadlineMs + " ms passed";
  }

  /** Who aborted it, when {@code failure} says a person did. */
  public static Optional<String> abortedBy(String failure) {
    return failure.startsWith(ABORTED_BY)
        ? Optional.of(failure.substring(ABORTED_BY.length()).split(": ", 2)[0]) : Optional.empty();
  }

  public static boolean rolledBackByHand(String failure) {
    return failure.startsWith(ROLLED_BACK_BY);
  }

  public static boolean deadlinePassed(String failure) {
    return failure.startsWith(DEADLINE);
  }
}
