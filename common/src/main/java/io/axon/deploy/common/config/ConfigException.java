package io.axon.deploy.common.config;

/** A setting that cannot be used; its message names the setting and what it must be, in one line. */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }
}
