package dev.sluice.console.ops;

import dev.sluice.core.trigger.PushEventSource;
import java.util.Objects;
import java.util.Optional;

/**
 * A push event source the console serves as a webhook, {@code POST /api/events/<source name>}: a
 * sender authenticates with the console's token or, when one is set, the source's own secret
 * ({@code Authorization: Bearer <secret>}), so a webhook sender need not hold the console's token.
 *
 * @param source the source events are pushed into
 * @param secret the source's own secret, if it has one (at least 16 characters)
 */
public record EventEndpoint(PushEventSource source, Optional<String> secret) {
  public EventEndpoint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(secret, "secret");
    if (secret.isPresent() && secret.get().length() < 16) {
      throw new IllegalArgumentException("the secret of event source '" + source.name() + "' needs at least 16 characters");
    }
  }

  @Override
  public String toString() {
    return "event endpoint '" + source.name() + "'" + (secret.isPresent() ? " (with its own secret)" : "");
  }
}
