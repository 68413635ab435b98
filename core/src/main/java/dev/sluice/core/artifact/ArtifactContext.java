package dev.sluice.core.artifact;

import dev.sluice.core.spi.ArtifactStore;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where {@link FileRef}s and {@link DirRef}s go while values are encoded or decoded with Jackson:
 * passed as the attribute {@code ArtifactContext.class} of an {@code ObjectWriter} or {@code
 * ObjectReader}. Encoding with a store uploads local artifacts to it and writes a reference;
 * decoding with a store gives handles that read from it. Sluice's own codec ({@code TaskIo}, the
 * engine) sets it; set it yourself only to encode values with your own {@code ObjectMapper}:
 *
 * <pre>{@code
 * ArtifactContext ctx = ArtifactContext.of(store, Path.of("/tmp/artifacts"));
 * byte[] json = mapper.writer().withAttribute(ArtifactContext.class, ctx).writeValueAsBytes(value);
 * }</pre>
 *
 * <p>One context per encoding: it collects the blobs the encoded value refers to (except {@link
 * #hashingOnly()}, shared, which uploads and collects nothing).
 */
public final class ArtifactContext {
  private final ArtifactStore store;
  private final Path localDirectory;
  private final Set<String> blobs = Collections.synchronizedSet(new TreeSet<>());

  private ArtifactContext(ArtifactStore store, Path localDirectory) {
    this.store = store;
    this.localDirectory = localDirectory;
  }

  /**
   * Artifacts are uploaded to (when encoding) or read from (when decoding) {@code store}; decoded
   * handles copy files into {@code localDirectory} when asked for a local path.
   */
  public static ArtifactContext of(ArtifactStore store, Path localDirectory) {
    return new ArtifactContext(
        Objects.requireNonNull(store, "store"), Objects.requireNonNull(localDirectory, "localDirectory"));
  }

  /**
   * No store: local artifacts are hashed, not uploaded (how cache keys are computed), and decoded
   * handles know their hash and size but cannot be read. One shared context, which collects no
   * blobs ({@link #blobs()} is empty: nothing is uploaded), so that a cache key does not make one.
   */
  public static ArtifactContext hashingOnly() {
    return HASHING;
  }

  private static final ArtifactContext HASHING = new ArtifactContext(null, null);

  /** {@code $TMPDIR/sluice-artifacts}: where handles decoded without a folder materialize files. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "sluice-artifacts");
  }

  /** The store artifacts go to and come from; empty for {@link #hashingOnly()}. */
  public Optional<ArtifactStore> store() {
    return Optional.ofNullable(store);
  }

  /** The SHA-256 of every blob the values encoded with this context refer to, sorted. */
  public Set<String> blobs() {
    synchronized (blobs) {
      return Collections.unmodifiableSortedSet(new TreeSet<>(blobs));
    }
  }

  Path localDirectory() {
    return localDirectory != null ? localDirectory : defaultDirectory();
  }

  void referenced(String sha256) {
    if (this != HASHING) {
      blobs.add(sha256);
    }
  }
}
