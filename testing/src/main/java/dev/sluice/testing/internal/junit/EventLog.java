package dev.sluice.testing.internal.junit;

import dev.sluice.core.engine.RunEvent;
import dev.sluice.core.engine.RunListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every event of one run, in the order the engine published them. */
final class EventLog implements RunListener {
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void runStarted(RunEvent.RunStarted event) {
    events.add(event);
  }

  @Override
  public void nodeTransition(RunEvent.NodeTransition event) {
    events.add(event);
  }

  @Override
  public void runFinished(RunEvent.RunFinished event) {
    events.add(event);
  }
}
