package dev.sluice.testing.store;

import dev.sluice.core.store.ArtifactStores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.spi.ArtifactStore;

import dev.sluice.core.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemArtifactStoreTest extends ArtifactStoreContract {
  @TempDir Path folder;

  @Override
  protected ArtifactStore openStore() {
    return ArtifactStores.filesystem(folder.resolve("store"));
  }

  @Override
  protected String expectedScheme() {
    return "file";
  }

  @Test
  void aFileEditedInPlaceIsHashedAgain() throws Exception {
    store.put("data.csv", new byte[] {1, 2, 3});
    Files.write(folder.resolve("store/data.csv"), new byte[] {4}, StandardOpenOption.APPEND);

    assertThat(store.stat("data.csv").orElseThrow().sha256())
        .contains(GeneratedStream.sha256(new byte[] {1, 2, 3, 4}));
  }

  @Test
  void aFileCopiedInByAnotherToolIsListedWithItsHash() throws Exception {
    Files.createDirectories(folder.resolve("store/in"));
    Files.write(folder.resolve("store/in/raw.bin"), new byte[] {9, 9});

    assertThat(store.list("in/", Optional.empty(), 10).objects())
        .singleElement()
        .satisfies(o -> assertThat(o.sha256()).contains(GeneratedStream.sha256(new byte[] {9, 9})));
  }

  @Test
  void anObjectAndObjectsUnderItCannotShareAFolderAndTheErrorSaysSo() {
    store.put("model", new byte[] {1});

    assertThatThrownBy(() -> store.put("model/weights", new byte[] {2}))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("'model/weights'")
        .hasMessageContaining("cannot hold both");
    assertThat(store.exists("model")).isTrue();
  }

  @Test
  void theStoresOwnFolderIsNeverListed() {
    store.put("a", new byte[] {1});

    assertThat(store.listAll("").map(o -> o.key())).containsExactly("a");
    assertThat(folder.resolve("store/.sluice/tmp")).isDirectory().isEmptyDirectory();
  }
}
