package dev.sluice.storage.minio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoreAccessException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreUnavailableException;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.storage.minio.StubS3Server.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the store makes of answers S3Proxy does not give: checked against a stub with S3's formats. */
class S3AnswersTest {
  private static final String B = "/" + StubS3Server.BUCKET;

  /** Item 16: the SDK's exception, kept as a cause, printed the session token with the request's headers. */
  @Test
  void aSessionTokenNeverLeavesTheStoreInExceptionsOrLogs() throws Exception {
    String token = "FwoGZXIvYXdzEXAMPLE" + UUID.randomUUID();
    try (StubS3Server s3 = new StubS3Server(r -> {
      if (r.method().equals("HEAD") && r.path().equals(B)) {
        return Response.of(200, "");
      } else if (r.path().endsWith("/proxied")) { // a proxy that echoes the request in its error page
        return new Response(400, Map.of("Content-Type", "text/html"),
            "<html>Bad request. X-Amz-Security-Token: " + r.header("X-Amz-Security-Token") + "</html>");
      }
      return Response.error(403, "AccessDenied", "Access Denied");
    });
        ArtifactStore store = MinioStores.open(s3.config()
            .credentials(new S3Credentials("AKIDEXAMPLE", "secret", Optional.of(token))).build())) {

      Throwable denied = catchThrowable(() -> store.get("denied"));
      Throwable proxied = catchThrowable(() -> store.get("proxied"));

      assertThat(s3.requests("GET")).as("the SDK sent the token: a leak would show")
          .allSatisfy(r -> assertThat(r.header("X-Amz-Security-Token")).isEqualTo(token));
      assertThat(denied).isInstanceOf(StoreAccessException.class).hasMessageContaining("AccessDenied");
      assertThat(TestStores.everything(denied)).contains("io.minio.errors.ErrorResponseException").doesNotContain(token);
      assertThat(proxied).isInstanceOf(StoreException.class).hasMessageContaining("X-Amz-Security-Token: ****");
      assertThat(TestStores.everything(proxied)).doesNotContain(token);
      assertThat(TestStores.testLog()).contains("get 'proxied'").doesNotContain(token);
    }
  }

  /** Item 16: 501 Not Implemented was taken for an outage, retried and reported as "the server is down". */
  @Test
  void http501IsAnUnsupportedRequestNotAnOutage() throws Exception {
    try (StubS3Server s3 = new StubS3Server(r -> {
      if (r.path().equals(B)) {
        return Response.of(200, "");
      }
      return Response.error(501, "NotImplemented", "A header you provided implies functionality that is not implemented");
    });
        ArtifactStore store = MinioStores.open(s3.config().build())) {

      Throwable got = catchThrowable(() -> store.get("x"));
      Throwable stat = catchThrowable(() -> store.stat("y"));

      assertThat(got).isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("does not implement").hasMessageContaining("NotImplemented")
          .hasMessageNotContaining("down");
      assertThat(stat).isInstanceOf(StoreException.class).isNotInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("does not implement");
      assertThat(s3.requests).filteredOn(r -> r.path().startsWith(B + "/root/")).as("not retried").hasSize(2);
    }
  }

  /** Item 14: listings kept the milliseconds S3 and MinIO list with; stat has whole seconds (Last-Modified). */
  @Test
  void listedAndStatTimesAgreeWhenTheServerListsMilliseconds() throws Exception {
    String listing = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + StubS3Server.BUCKET + "</Name><Prefix>root/p/</Prefix>"
        + "<KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
        + "<Contents><Key>root/p/one</Key><LastModified>2024-05-01T10:00:00.123Z</LastModified>"
        + "<ETag>&quot;6805f2cfc46c0f04559748bb039d69ae&quot;</ETag><Size>4</Size><StorageClass>STANDARD</StorageClass>"
        + "</Contents></ListBucketResult>";
    try (StubS3Server s3 = new StubS3Server(r -> {
      if (r.path().equals(B) && r.method().equals("HEAD")) {
        return Response.of(200, "");
      } else if (r.path().equals(B)) {
        return Response.of(200, listing);
      }
      return new Response(200, Map.of("Content-Length", "4", "Last-Modified", "Wed, 01 May 2024 10:00:00 GMT",
          "ETag", "\"6805f2cfc46c0f04559748bb039d69ae\"", "Content-Type", "application/octet-stream"), "");
    });
        ArtifactStore store = MinioStores.open(s3.config().build())) {

      StoredObject listed = store.list("p/", Optional.empty(), 10).objects().get(0);
      StoredObject stat = store.stat("p/one").orElseThrow();

      assertThat(listed.modified()).isEqualTo(stat.modified()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }
  }
}
