package dev.sluice.testing.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreKey;
import dev.sluice.core.spi.StoredObject;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ArtifactStore} must have. An implementation's test subclasses it and
 * says how to open an empty store; every test here then runs against that implementation. The
 * in-memory, filesystem and MinIO stores pass it; subclass it to test a store of your own.
 */
public abstract class ArtifactStoreContract {
  private static final Duration DEADLINE = Duration.ofMinutes(2);

  /** A fresh, empty store for one test; closed after it. */
  protected abstract ArtifactStore openStore() throws Exception;

  /** The scheme of the store's URIs: {@code file}, {@code s3}, … */
  protected abstract String expectedScheme();

  /** Whether listed objects carry their SHA-256 (S3 listings do not; {@code stat} must). */
  protected boolean listingsCarryHashes() {
    return true;
  }

  /** The small page size of the paging test: many page boundaries, each a call to the backend. */
  protected int smallPageSize() {
    return 7;
  }

  /** Size of the "large" objects of the streaming and concurrency tests; stores with parts say more. */
  protected long largeObjectSize() {
    return 3L * 1024 * 1024 + 17;
  }

  protected ArtifactStore store;

  @BeforeEach
  final void openTheStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  final void closeTheStore() {
    store.close();
  }

  @Test
  void bytesRoundTrip() throws IOException {
    byte[] data = "{\"accuracy\": 0.93}".getBytes(UTF_8);
    StoredObject put = store.put("runs/r-1/nodes/train/1/outputs.json", data);

    assertThat(read("runs/r-1/nodes/train/1/outputs.json")).isEqualTo(data);
    assertThat(put.key()).isEqualTo("runs/r-1/nodes/train/1/outputs.json");
    assertThat(put.size()).isEqualTo(data.length);
    assertThat(put.sha256()).contains(GeneratedStream.sha256(data));
  }

  @Test
  void anEmptyObjectRoundTrips() throws IOException {
    StoredObject put = store.put("empty", new byte[0]);

    assertThat(read("empty")).isEmpty();
    assertThat(put.size()).isZero();
    assertThat(store.stat("empty").orElseThrow().sha256()).contains(GeneratedStream.sha256(new byte[0]));
  }

  @Test
  void aStreamOfUnknownLengthRoundTripsAndIsNotClosed() throws IOException {
    long size = largeObjectSize();
    GeneratedStream data = new GeneratedStream(42, size);

    StoredObject put = store.put("blobs/big", data);

    assertThat(data.closed()).as("put must leave closing the stream to its caller").isFalse();
    String expected = GeneratedStream.sha256(42, size);
    assertThat(put.size()).isEqualTo(size);
    assertThat(put.sha256()).contains(expected);
    try (InputStream in = store.get("blobs/big")) {
      assertThat(GeneratedStream.sha256AndSize(in)).isEqualTo(expected + "/" + size);
    }
    assertThat(store.stat("blobs/big").orElseThrow().sha256()).contains(expected);
  }

  @Test
  void aPutReplacesTheObject() throws IOException {
    store.put("model.bin", GeneratedStream.bytes(1, 5000));
    byte[] second = GeneratedStream.bytes(2, 1234);

    StoredObject put = store.put("model.bin", second);

    assertThat(read("model.bin")).isEqualTo(second);
    StoredObject stat = store.stat("model.bin").orElseThrow();
    assertThat(stat.size()).isEqualTo(1234);
    assertThat(stat.sha256()).contains(GeneratedStream.sha256(second)).isEqualTo(put.sha256());
  }

  @Test
  void statGivesSizeRealSha256AndModificationTime() {
    Instant before = Instant.now();
    byte[] data = GeneratedStream.bytes(7, 70_000);
    store.put("a/b/c.bin", data);
    Instant after = Instant.now();

    StoredObject stat = store.stat("a/b/c.bin").orElseThrow();

    assertThat(stat.key()).isEqualTo("a/b/c.bin");
    assertThat(stat.size()).isEqualTo(70_000);
    assertThat(stat.sha256()).contains(GeneratedStream.sha256(data));
    // servers keep whole seconds (HTTP dates); allow that and a little clock skew
    assertThat(stat.modified()).isBetween(before.minusSeconds(2), after.plusSeconds(2));
    assertThat(store.stat("a/b")).as("a folder-like prefix is no object").isEmpty();
    assertThat(store.stat("a/b/c.bin.missing")).isEmpty();
  }

  @Test
  void existsFollowsPutAndDelete() {
    assertThat(store.exists("x/y")).isFalse();
    store.put("x/y", new byte[] {1});
    assertThat(store.exists("x/y")).isTrue();
    assertThat(store.exists("x")).isFalse();

    assertThat(store.delete("x/y")).isTrue();

    assertThat(store.exists("x/y")).isFalse();
    assertThat(store.stat("x/y")).isEmpty();
  }

  @Test
  void aMissingKeyIsNotFoundNamingTheKey() {
    store.put("runs/r-1/other", new byte[] {1});

    assertThatThrownBy(() -> store.get("runs/r-1/missing.json").close())
        .isInstanceOf(ObjectNotFoundException.class)
        .hasMessageContaining("runs/r-1/missing.json");
    assertThat(store.delete("runs/r-1/missing.json")).isFalse();
    assertThat(store.delete("runs/r-1")).as("a prefix is not an object").isFalse();
    assertThat(store.exists("runs/r-1/other")).isTrue();
  }

  @Test
  void aDeletedObjectIsGone() {
    store.put("k", new byte[] {1, 2, 3});

    assertThat(store.delete("k")).isTrue();

    assertThatThrownBy(() -> store.get("k").close()).isInstanceOf(ObjectNotFoundException.class);
    assertThat(store.delete("k")).isFalse();
  }

  @Test
  void listIsByStringPrefixInKeyOrder() {
    List<String> all = List.of("blobs/z", "runs/r-1.json", "runs/r-1/a", "runs/r-1/b/c",
        "runs/r-10/x", "runs/r-2/y");
    List<String> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(1));
    shuffled.forEach(key -> store.put(key, key.getBytes(UTF_8)));

    assertThat(keys(store.list("runs/r-1", Optional.empty(), 100)))
        .containsExactly("runs/r-1.json", "runs/r-1/a", "runs/r-1/b/c", "runs/r-10/x");
    assertThat(keys(store.list("runs/r-1/", Optional.empty(), 100)))
        .containsExactly("runs/r-1/a", "runs/r-1/b/c");
    assertThat(keys(store.list("", Optional.empty(), 100))).containsExactlyElementsOf(all);
    assertThat(pages("", 1).stream().flatMap(p -> keys(p).stream())).containsExactlyElementsOf(all);
    assertThat(pages("runs/r-1", 2).stream().flatMap(p -> keys(p).stream()))
        .containsExactly("runs/r-1.json", "runs/r-1/a", "runs/r-1/b/c", "runs/r-10/x");
    ObjectPage none = store.list("nothing/", Optional.empty(), 100);
    assertThat(none.objects()).isEmpty();
    assertThat(none.nextPageToken()).isEmpty();
  }

  @Test
  void listedObjectsCarrySizeTimeAndHash() {
    byte[] data = GeneratedStream.bytes(3, 4321);
    store.put("p/one", data);

    StoredObject listed = store.list("p/", Optional.empty(), 10).objects().get(0);

    assertThat(listed.key()).isEqualTo("p/one");
    assertThat(listed.size()).isEqualTo(4321);
    assertThat(listed.modified()).isEqualTo(store.stat("p/one").orElseThrow().modified());
    if (listingsCarryHashes()) {
      assertThat(listed.sha256()).contains(GeneratedStream.sha256(data));
    } else {
      assertThat(listed.sha256()).isEmpty();
    }
  }

  @Test
  void listPagesBeyondOnePage() throws Exception {
    List<String> expected = IntStream.range(0, 2500).mapToObj(i -> String.format("many/k-%05d", i))
        .collect(Collectors.toCollection(ArrayList::new));
    List<String> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new Random(5));
    parallel(4, shuffled.size(), i -> store.put(shuffled.get(i), new byte[] {(byte) i}));
    store.put("manyother", new byte[] {1});

    List<ObjectPage> thousands = pages("many/", 1000);
    assertThat(thousands).extracting(p -> p.objects().size()).containsExactly(1000, 1000, 500);
    assertThat(thousands.stream().flatMap(p -> keys(p).stream())).containsExactlyElementsOf(expected);

    int small = smallPageSize();
    List<ObjectPage> smalls = pages("many/", small);
    assertThat(smalls).hasSize((2500 + small - 1) / small)
        .allSatisfy(p -> assertThat(p.objects()).isNotEmpty().hasSizeLessThanOrEqualTo(small));
    assertThat(smalls.stream().flatMap(p -> keys(p).stream())).containsExactlyElementsOf(expected);

    assertThat(store.listAll("many/").map(StoredObject::key)).containsExactlyElementsOf(expected);
    assertThat(store.listAll("many").count()).isEqualTo(2501);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/abs/key", "a/../b", "..", "a\\b", "a//b", "a/", "./a", ".sluice/tmp/x"})
  void invalidKeysAreRejectedNamingTheKey(String key) {
    for (ThrowingCall call : List.<ThrowingCall>of(
        () -> store.put(key, new byte[] {1}), () -> store.get(key), () -> store.stat(key),
        () -> store.exists(key), () -> store.delete(key), () -> store.uri(key))) {
      assertThatThrownBy(call::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + key + "'");
    }
    assertThatThrownBy(() -> store.list("/abs", Optional.empty(), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'/abs'");
  }

  @Test
  void anEmptyKeyIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> store.put("", new byte[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> store.list("a", Optional.empty(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pageSize");
  }

  @Test
  void concurrentWritersOfOneKeyNeverLeaveATornObject() throws Exception {
    int writers = 8;
    long size = largeObjectSize();
    List<String> hashes = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      hashes.add(GeneratedStream.sha256(100 + w, size + 1013L * w) + "/" + (size + 1013L * w));
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    try {
      List<Future<?>> done = new ArrayList<>();
      List<String> seenByReader = Collections.synchronizedList(new ArrayList<>());
      for (int w = 0; w < writers; w++) {
        int seed = 100 + w;
        long length = size + 1013L * w;
        done.add(pool.submit(() -> {
          start.await();
          return store.put("race/model.bin", new GeneratedStream(seed, length));
        }));
      }
      Future<?> reader = pool.submit(() -> {
        start.await();
        while (!done.stream().allMatch(Future::isDone)) {
          try (InputStream in = store.get("race/model.bin")) {
            seenByReader.add(GeneratedStream.sha256AndSize(in));
          } catch (ObjectNotFoundException beforeTheFirstWrite) {
            // nothing written yet
          }
        }
        return null;
      });
      start.countDown();
      for (Future<?> f : done) {
        f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
      reader.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(hashes).as("what a reader saw while writers raced").containsAll(seenByReader);
    } finally {
      pool.shutdownNow();
    }

    String read;
    try (InputStream in = store.get("race/model.bin")) {
      read = GeneratedStream.sha256AndSize(in);
    }
    assertThat(hashes).contains(read);
    StoredObject stat = store.stat("race/model.bin").orElseThrow();
    assertThat(stat.sha256().orElseThrow() + "/" + stat.size()).isEqualTo(read);
  }

  @Test
  void uriIsTheRootFollowedByTheEncodedKey() {
    URI root = store.root();

    assertThat(root.getScheme()).isEqualTo(expectedScheme());
    assertThat(root.toString()).endsWith("/");
    assertThat(store.uri("runs/r 1/out.json")).isEqualTo(URI.create(root + "runs/r%201/out.json"));
    assertThat(store.uri("blobs/sha256/ab/abc")).isEqualTo(root.resolve("blobs/sha256/ab/abc"));
  }

  // ---- helpers

  @FunctionalInterface
  private interface ThrowingCall {
    Object run() throws Exception;
  }

  @FunctionalInterface
  private interface IndexedCall {
    void run(int index) throws Exception;
  }

  private static void parallel(int threads, int count, IndexedCall call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        futures.add(pool.submit(() -> {
          for (int i = first; i < count; i += threads) {
            call.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private List<ObjectPage> pages(String prefix, int pageSize) {
    List<ObjectPage> pages = new ArrayList<>();
    Optional<String> token = Optional.empty();
    do {
      ObjectPage page = store.list(prefix, token, pageSize);
      pages.add(page);
      token = page.nextPageToken();
      assertThat(pages.size()).as("pages of %s", pageSize).isLessThan(10_000);
    } while (token.isPresent());
    return pages;
  }

  private static List<String> keys(ObjectPage page) {
    return page.objects().stream().map(StoredObject::key).toList();
  }

  private byte[] read(String key) throws IOException {
    try (InputStream in = store.get(key)) {
      return in.readAllBytes();
    }
  }
}
