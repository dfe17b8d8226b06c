package io.axon.deploy.registry.audit;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.common.config.KeyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-installation key of the audit chain. It never enters PostgreSQL, so a database writer
 * cannot recompute a valid chain: it comes from {@code AXON_AUDIT_KEY}, or from a key file that the
 * first start creates with owner-only permissions.
 */
public final class AuditKey {
  private static final int MIN_BYTES = 16;
  private final byte[] key;

  private AuditKey(byte[] key) {
    this.key = key.clone();
  }

  public static AuditKey of(byte[] key) {
    if (key.length < MIN_BYTES) {
      throw new IllegalArgumentException("the audit key needs at least " + MIN_BYTES + " bytes");
    }
    return new AuditKey(key);
  }

  /** Blocking: reads or creates the key file. */
  public static AuditKey load(AxonConfig.Audit config) {
    if (config.key().isPresent()) {
      return of(config.key().get().getBytes(StandardCharsets.UTF_8));
    }
    Path file = config.keyFile();
    try {
      return of(KeyFile.readOrCreate(file, 32));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the audit key file " + file
          + ": set AXON_AUDIT_KEY_FILE to a writable place, or AXON_AUDIT_KEY", e);
    }
  }

  /** Hex HMAC-SHA256 of {@code text} under the key. */
  public String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has HmacSHA256", e);
    }
  }

  /** What the database keeps to tell that a later start uses the same key: a MAC, not the key. */
  public String check() {
    return mac("axon audit key check");
  }
}
