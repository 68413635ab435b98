package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.testing.store.GeneratedStream;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.testing.s3.S3TestServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server goes away under a store and comes back; the store fails clearly, then recovers. */
class OutageTest {
  private static final Duration BREAKER_WAIT = Duration.ofSeconds(2);

  private S3TestServer s3;
  private ArtifactStore store;

  @BeforeEach
  void start() {
    s3 = S3TestServer.start(); // our own: the shared one must stay up
    store = MinioStores.open(TestStores.config(s3, s3.newBucket())
        .retry(3, Duration.ofMillis(50), Duration.ofMillis(200))
        .circuitBreaker(50, 6, 6, BREAKER_WAIT)
        .connectTimeout(Duration.ofSeconds(2))
        .socketTimeout(Duration.ofSeconds(10))
        .build());
  }

  @AfterEach
  void stop() {
    store.close();
    s3.close();
  }

  @Test
  void callsAreRetriedThenFailClearlyAndTheSameStoreRecoversAfterARestart() throws Exception {
    store.put("before", new byte[] {1, 2, 3});
    s3.stop();

    Throwable first = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchThrowable(() -> store.get("before")));

    assertThat(first).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(s3.endpoint().toString())
        .hasMessageContaining("get 'before' failed 3 times")
        .hasMessageContaining("ConnectException")
        .hasMessageContaining("try again later");

    Throwable second = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> catchThrowable(() -> store.stat("x")));

    // the window now holds 2 good calls (bucket check, put) and 4 failed attempts: 66% > 50%
    assertThat(second).as("the breaker opens: calls stop at once")
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("circuit breaker open")
        .hasMessageContaining("stat 'x'");

    s3.restart();

    awaitRecovery();
    try (InputStream in = store.get("before")) {
      assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
    }
    store.put("after", new byte[] {4});
    assertThat(store.exists("after")).isTrue();
  }

  @Test
  void aPutWhoseServerDiesMidStreamIsAbandonedAndSaysTheStreamCannotBeReplayed() throws Exception {
    long size = 3 * TestStores.PART;
    InputStream dying = new FilterInputStream(new GeneratedStream(5, size)) {
      private long read;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (read > TestStores.PART + 1000 && s3.isRunning()) {
          s3.stop(); // the first part is up; the server dies while the second is read
        }
        int n = super.read(b, off, len);
        read += Math.max(n, 0);
        return n;
      }
    };

    Throwable failure = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> catchThrowable(() -> store.put("half", dying)));

    assertThat(failure).isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("put 'half' abandoned after " + (2 * TestStores.PART + 1) + " bytes were read"
            + " from the caller's stream") // two parts and the byte read to see whether more follow
        .hasMessageContaining("cannot be read again")
        .hasMessageContaining("Put again with a fresh stream");
    s3.restart();
    awaitRecovery();
    assertThat(store.exists("half")).as("an abandoned put leaves no object").isFalse();
  }

  /** Polls until the breaker lets calls through and the server answers (deadline 60 s). */
  private void awaitRecovery() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        store.exists("probe");
        return;
      } catch (StoreUnavailableException stillDown) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the store did not recover within 60 s", stillDown);
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }
}
