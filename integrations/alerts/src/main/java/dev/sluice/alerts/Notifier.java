package dev.sluice.alerts;

/**
 * Sends alerts somewhere (a webhook, a chat). Called on the notifier's own threads, never on the
 * engine's; an implementation may block, and should bound how long.
 */
@FunctionalInterface
public interface Notifier {
  /** Delivers {@code alert}; throws if it could not be. */
  void send(Alert alert) throws Exception;
}
