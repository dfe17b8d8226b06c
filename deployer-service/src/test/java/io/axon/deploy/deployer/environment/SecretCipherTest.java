package io.axon.deploy.deployer.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.config.AxonConfig;
import io.axon.deploy.deployer.environment.SecretCipher.SecretException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretCipherTest {
  private static final SecretCipher CIPHER = SecretCipher.of(randomKey());

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  @Test
  void aSealedValueOpensToWhatWasSealedAndDoesNotShowIt() {
    String sealed = CIPHER.seal("production", "DB_PASSWORD", "hunter2 ünïcødé 😀");
    assertThat(sealed).startsWith("v1:").doesNotContain("hunter2");
    assertThat(CIPHER.open("production", "DB_PASSWORD", sealed)).isEqualTo("hunter2 ünïcødé 😀");
    assertThat(CIPHER.open("production", "EMPTY", CIPHER.seal("production", "EMPTY", ""))).isEmpty();
  }

  @Test
  void theSameValueSealsDifferentlyEachTime() {
    assertThat(CIPHER.seal("production", "A", "same")).isNotEqualTo(CIPHER.seal("production", "A", "same"));
  }

  @Test
  void anAlteredSealedValueDoesNotOpen() {
    byte[] bytes = Base64.getDecoder().decode(CIPHER.seal("production", "A", "secret").substring(3));
    for (int i : new int[] {0, 12, bytes.length - 1}) {
      byte[] tampered = bytes.clone();
      tampered[i] ^= 1;
      String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);
      assertThatThrownBy(() -> CIPHER.open("production", "A", altered)).isInstanceOf(SecretException.class);
    }
    assertThatThrownBy(() -> CIPHER.open("production", "A", "v1:AAAA")).isInstanceOf(SecretException.class);
    assertThatThrownBy(() -> CIPHER.open("production", "A", "not sealed")).isInstanceOf(SecretException.class);
  }

  @Test
  void aSealedValueOpensOnlyUnderItsKeyAndForItsOwnVariable() {
    String sealed = CIPHER.seal("production", "A", "secret");
    assertThatThrownBy(() -> SecretCipher.of(randomKey()).open("production", "A", sealed))
        .isInstanceOf(SecretException.class).hasMessageContaining("another key");
    assertThatThrownBy(() -> CIPHER.open("production", "B", sealed)).isInstanceOf(SecretException.class);
    assertThatThrownBy(() -> CIPHER.open("staging", "A", sealed)).isInstanceOf(SecretException.class);
  }

  @Test
  void fingerprintsTellValuesApartAndDependOnTheKey() {
    assertThat(CIPHER.fingerprint("a")).isEqualTo(CIPHER.fingerprint("a")).isNotEqualTo(CIPHER.fingerprint("b")).hasSize(64);
    assertThat(SecretCipher.of(randomKey()).fingerprint("a")).isNotEqualTo(CIPHER.fingerprint("a"));
  }

  @Test
  void theFirstStartCreatesAKeyFileOnlyItsOwnerCanReadAndLaterStartsUseIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys").resolve("secrets.key");
    SecretCipher first = SecretCipher.load(new AxonConfig.Secrets(Optional.empty(), file));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    SecretCipher again = SecretCipher.load(new AxonConfig.Secrets(Optional.empty(), file));
    assertThat(again.open("e", "v", first.seal("e", "v", "kept"))).isEqualTo("kept");
  }

  @Test
  void aConfiguredKeyWinsOverTheFile(@TempDir Path dir) {
    byte[] key = randomKey();
    Path file = dir.resolve("secrets.key");
    SecretCipher configured = SecretCipher.load(new AxonConfig.Secrets(Optional.of(Base64.getEncoder().encodeToString(key)), file));
    assertThat(Files.exists(file)).isFalse();
    assertThat(SecretCipher.of(key).open("e", "v", configured.seal("e", "v", "x"))).isEqualTo("x");
    assertThatThrownBy(() -> SecretCipher.of(new byte[16])).hasMessageContaining("32 bytes");
  }
}
