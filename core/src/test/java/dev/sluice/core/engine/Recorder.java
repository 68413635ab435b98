package dev.sluice.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that keeps every event, for assertions. */
final class Recorder implements RunListener {
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

  List<RunEvent.NodeTransition> transitions(String path) {
    return events.stream()
        .filter(e -> e instanceof RunEvent.NodeTransition t && t.nodePath().equals(path))
        .map(e -> (RunEvent.NodeTransition) e)
        .toList();
  }

  List<NodeState> states(String path) {
    return transitions(path).stream().map(RunEvent.NodeTransition::to).toList();
  }

  RunOptions options() {
    return RunOptions.builder().listener(this).build();
  }
}
