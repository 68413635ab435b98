package dev.sluice.spring.internal;

import dev.sluice.core.trigger.TriggerService;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the trigger service when the application context has started and closes it when the
 * context stops, before the engine is closed.
 */
public final class TriggerServiceLifecycle implements SmartLifecycle {
  private final TriggerService service;
  private volatile boolean running;

  /** Wraps {@code service}. */
  public TriggerServiceLifecycle(TriggerService service) {
    this.service = service;
  }

  /** The service, for its history. */
  public TriggerService service() {
    return service;
  }

  @Override
  public synchronized void start() {
    if (!running) {
      service.start();
      running = true;
    }
  }

  @Override
  public synchronized void stop() {
    if (running) {
      service.close();
      running = false;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
