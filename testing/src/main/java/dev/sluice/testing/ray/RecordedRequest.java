package dev.sluice.testing.ray;

import java.util.Map;

/**
 * One HTTP request the {@link RayJobsServer} received, for tests that check what a client sends.
 *
 * @param method the HTTP method
 * @param path the raw path with its query, e.g. {@code /api/jobs/}
 * @param headers the request headers, names in lower case (the first value of each)
 * @param body the request body as text ("" when there was none)
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }
}
