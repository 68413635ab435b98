package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.ArtifactStores;
import dev.sluice.core.store.RunStores;
import dev.sluice.testing.s3.S3TestServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice} command on an s3:// run store, against the S3 test server (S3Proxy) through the MinIO SDK. */
class CliOnS3Test {
  @TempDir Path dir;

  @Test
  void runsAndRunShowReadAnS3RunStore() throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    String bucket = s3.newBucket();
    Map<String, String> env = Map.of(
        "SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
        "AWS_ACCESS_KEY_ID", s3.accessKey(),
        "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
        "AWS_REGION", S3TestServer.REGION);
    String uri = "s3://" + bucket + "/team-a/";
    String ok;
    String failed;
    try (ArtifactStore store = ArtifactStores.open(URI.create(uri), env);
        RunStore runs = RunStores.over(store);
        Engine engine = Engine.builder().workDirectory(dir).store(store).runStore(runs).build()) {
      RunHandle<Integer> r = engine.run(TestFlows.CACHED, "on-s3");
      r.await(Duration.ofSeconds(60));
      ok = r.runId();
      RunHandle<String> f = engine.run(TestFlows.FAILING, "x");
      assertThatThrownBy(() -> f.await(Duration.ofSeconds(60))).isInstanceOf(RunFailedException.class);
      failed = f.runId();
    }
    Cli.Result list = Cli.run(env, "--store", uri, "runs");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(ok, failed, "SUCCEEDED", "FAILED");
    Cli.Result show = Cli.run(env, "--store", uri, "run", "logs", failed, "load-shards");
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).contains("disk full on /data/shard-7");
    Cli.Result noCredentials = Cli.run(Map.of("SLUICE_S3_ENDPOINT", s3.endpoint().toString()), "--store", uri, "runs");
    assertThat(noCredentials.exit()).isNotZero();
    assertThat(noCredentials.err()).doesNotContain(s3.secretKey());
  }
}
