package io.axon.deploy.common.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A per-installation key kept in a file of its own (never in PostgreSQL): base64 text, created with
 * owner-only permissions by the first start that finds none.
 */
public final class KeyFile {
  private KeyFile() {
  }

  /** Blocking: the key in {@code file}, which is created with {@code bytes} random bytes if missing. */
  public static byte[] readOrCreate(Path file, int bytes) throws IOException {
    if (!Files.exists(file)) {
      create(file, bytes);
    }
    return Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).trim());
  }

  private static void create(Path file, int bytes) throws IOException {
    byte[] fresh = new byte[bytes];
    new SecureRandom().nextBytes(fresh);
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, ".axon", ".key", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rw-------")));
    Files.writeString(temp, Base64.getEncoder().encodeToString(fresh), StandardCharsets.US_ASCII);
    try {
      Files.createLink(file, temp); // atomic and never replaces: a concurrent first start keeps its own key
    } catch (FileAlreadyExistsException lost) {
      // another process created it first; use theirs
    } finally {
      Files.delete(temp);
    }
  }
}
