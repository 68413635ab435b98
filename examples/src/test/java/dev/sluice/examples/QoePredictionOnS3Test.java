package dev.sluice.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.testing.s3.S3TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QoE example with SLUICE_S3_ENDPOINT set keeps its data set, models and cache in S3 (a real
 * S3 server, through the MinIO SDK), and a second run in a fresh engine and work folder is served
 * from there.
 */
class QoePredictionOnS3Test {

  @Test
  void withAnS3EndpointTheDataAndCacheLiveInTheBucketAndASecondRunIsServedFromIt(
      @TempDir Path first, @TempDir Path second) throws Exception {
    S3TestServer s3 = S3TestServer.shared();
    String bucket = s3.newBucket();
    Map<String, String> env =
        Map.of(
            "SLUICE_S3_ENDPOINT", s3.endpoint().toString(),
            "AWS_ACCESS_KEY_ID", s3.accessKey(),
            "AWS_SECRET_ACCESS_KEY", s3.secretKey(),
            "AWS_REGION", S3TestServer.REGION,
            "SLUICE_STORE_URI", "s3://" + bucket + "/qoe/");
    QoePrediction.Params params = QoePrediction.Params.defaults();

    QoePrediction.Decision firstDecision;
    try (ArtifactStore store = QoePrediction.storeFor(env, first);
        Engine engine = Engine.builder().workDirectory(first).store(store).build()) {
      assertThat(store.root().toString()).isEqualTo("s3://" + bucket + "/qoe/");
      RunHandle<QoePrediction.Decision> run = engine.run(QoePrediction.WORKFLOW, params);
      firstDecision = run.await(Duration.ofMinutes(2));
      assertThat(run.status().node("generate-sessions").orElseThrow().state()).isEqualTo(NodeState.SUCCEEDED);
      List<StoredObject> cached = store.listAll("cache/").toList();
      assertThat(cached).extracting(StoredObject::key)
          .anyMatch(k -> k.startsWith("cache/generate-sessions/"))
          .anyMatch(k -> k.startsWith("cache/train/"));
    }

    try (ArtifactStore store = QoePrediction.storeFor(env, second);
        Engine engine = Engine.builder().workDirectory(second).store(store).build()) {
      RunHandle<QoePrediction.Decision> run = engine.run(QoePrediction.WORKFLOW, params);
      // the same decision (its model holds arrays, so records compare by what they say)
      assertThat(run.await(Duration.ofMinutes(2))).hasToString(firstDecision.toString());
      assertThat(run.status().node("generate-sessions").orElseThrow().state()).isEqualTo(NodeState.CACHED);
      assertThat(run.status().node("split").orElseThrow().state()).isEqualTo(NodeState.CACHED);
    }
  }

  @Test
  void withoutAnEndpointTheDataStaysInTheWorkFolder(@TempDir Path dir) {
    try (ArtifactStore store = QoePrediction.storeFor(Map.of(), dir)) {
      assertThat(store.root()).isEqualTo(dir.resolve("store").toUri());
    }
  }
}
