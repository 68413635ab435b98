package dev.sluice.models.deploy;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A loaded model answering one request instance. The local server hands it each element of a
 * request's {@code instances} and encodes what it returns with Jackson. Must be thread-safe.
 */
@FunctionalInterface
public interface Predictor {
  /** The prediction for one instance; throwing answers the request with a 500 naming the error. */
  Object predict(JsonNode instance) throws Exception;
}
