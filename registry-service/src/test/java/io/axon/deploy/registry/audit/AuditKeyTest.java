package io.axon.deploy.registry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.axon.deploy.common.config.AxonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyTest {

  @Test
  void theFirstStartCreatesAKeyFileOnlyItsOwnerCanReadAndLaterStartsUseIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys").resolve("audit.key");
    AuditKey created = AuditKey.load(new AxonConfig.Audit(Optional.empty(), file));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    AuditKey again = AuditKey.load(new AxonConfig.Audit(Optional.empty(), file));
    assertThat(again.check()).isEqualTo(created.check());
    assertThat(again.mac("x")).isEqualTo(created.mac("x")).hasSize(64);
  }

  @Test
  void aConfiguredKeyWinsOverTheFileAndMustNotBeShort(@TempDir Path dir) {
    Path file = dir.resolve("audit.key");
    AuditKey configured = AuditKey.load(new AxonConfig.Audit(Optional.of("a-long-enough-secret"), file));
    assertThat(Files.exists(file)).isFalse();
    assertThat(configured.mac("x")).isNotEqualTo(AuditKey.load(new AxonConfig.Audit(Optional.empty(), file)).mac("x"));
    assertThatThrownBy(() -> AuditKey.load(new AxonConfig.Audit(Optional.of("short"), file)))
        .hasMessageContaining("16 bytes");
  }
}
