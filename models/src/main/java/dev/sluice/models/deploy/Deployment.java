package dev.sluice.models.deploy;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A model version serving at an endpoint.
 *
 * @param target the deployment's name in its serving system (an application, a Deployment)
 * @param model the model's name
 * @param version the version serving
 * @param endpoint where to send requests
 * @param readyAt when it became ready
 */
public record Deployment(String target, String model, int version, URI endpoint, Instant readyAt) {
  public Deployment {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(readyAt, "readyAt");
  }
}
