package dev.sluice.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spi.ArtifactStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactStoresTest {

  @Test
  void aFileUriOpensTheSameFolderAsTheFilesystemStore(@TempDir Path dir) throws Exception {
    ArtifactStores.filesystem(dir).put("a/b.txt", "hello".getBytes(StandardCharsets.UTF_8));
    ArtifactStore opened = ArtifactStores.open(dir.toUri(), Map.of());
    try (var in = opened.get("a/b.txt")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(opened.uri("a/b.txt")).isEqualTo(dir.resolve("a/b.txt").toUri());
  }

  @Test
  void anUnknownSchemeNamesTheSchemesOnTheClassPathAndTheFix() {
    assertThatThrownBy(() -> ArtifactStores.open(URI.create("s3://models/sluice/"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://models/sluice/")
        .hasMessageContaining("[file")
        .hasMessageContaining("sluice-storage-minio");
  }
}
