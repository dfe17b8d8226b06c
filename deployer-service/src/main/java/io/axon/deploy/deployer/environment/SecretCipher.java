package io.axon.deploy.deployer.environment;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.config.KeyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals the values of secret environment variables with AES-256-GCM under a per-installation key
 * that never enters PostgreSQL ({@code AXON_SECRETS_KEY}, or a key file the first start creates
 * with owner-only permissions), so that a database dump holds no secret. Each value gets a random
 * 96-bit IV, and is bound to where it belongs (environment and variable name, as associated data):
 * a sealed value copied to another variable does not open.
 */
public final class SecretCipher {
  private static final String PREFIX = "v1:";
  private static final int KEY_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  /** A separate key for fingerprints, so that the encryption key is used for nothing else. */
  private final SecretKeySpec fingerprintKey;

  private SecretCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    this.fingerprintKey = new SecretKeySpec(mac(key, "axon secret fingerprints"), "HmacSHA256");
  }

  public static SecretCipher of(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException("the secrets key is " + KEY_BYTES + " bytes");
    }
    return new SecretCipher(key);
  }

  /** Blocking: the configured key, or the key file's (created if missing). */
  public static SecretCipher load(AxonConfig.Secrets config) {
    if (config.key().isPresent()) {
      return of(Base64.getDecoder().decode(config.key().get()));
    }
    try {
      return of(KeyFile.readOrCreate(config.keyFile(), KEY_BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secrets key file " + config.keyFile()
          + ": set AXON_SECRETS_KEY_FILE to a writable place, or AXON_SECRETS_KEY", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the secrets key file " + config.keyFile() + " does not hold the base64 of "
          + KEY_BYTES + " bytes", e);
    }
  }

  /** {@code plain} sealed for the variable {@code name} of {@code environment}: "v1:" and base64 of IV, ciphertext and tag. */
  public String seal(String environment, String name, String plain) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(context(environment, name));
      byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
    }
  }

  /** The plain value of {@code sealed}; fails when it was altered, sealed for another variable or under another key. */
  public String open(String environment, String name, String sealed) {
    byte[] bytes;
    try {
      bytes = sealed.startsWith(PREFIX) ? Base64.getDecoder().decode(sealed.substring(PREFIX.length())) : new byte[0];
    } catch (IllegalArgumentException e) {
      bytes = new byte[0];
    }
    if (bytes.length < IV_BYTES + TAG_BITS / 8) {
      throw new SecretException("the sealed value of " + environment + "/" + name + " is not one this cipher made");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
      cipher.updateAAD(context(environment, name));
      return new String(cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretException("the secret " + environment + "/" + name
          + " does not open: it was altered, moved, or sealed under another key (AXON_SECRETS_KEY)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
    }
  }

  /**
   * A keyed digest of a secret value, to compare requests by (an idempotency key's fingerprint)
   * without keeping anything from which the value could be guessed offline.
   */
  public String fingerprint(String plain) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(fingerprintKey);
      return HexFormat.of().formatHex(mac.doFinal(plain.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  private static byte[] context(String environment, String name) {
    return ("axon environment variable\n" + environment + "\n" + name).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] mac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** A sealed value that does not open. */
  public static final class SecretException extends RuntimeException {
    SecretException(String message) {
      super(message);
    }
  }
}
