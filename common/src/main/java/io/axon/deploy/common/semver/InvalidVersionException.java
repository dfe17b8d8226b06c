package io.axon.deploy.common.semver;

/** A version or a range that does not follow the grammar; the message says what is wrong. */
public class InvalidVersionException extends IllegalArgumentException {
  public InvalidVersionException(String message) {
    super(message);
  }
}
