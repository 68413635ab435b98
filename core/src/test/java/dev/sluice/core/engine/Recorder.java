package dev.sluice.core.engine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event its listener receives, for assertions. */
final class Recorder {
  final List<RunEvent> events = new CopyOnWriteArrayList<>();
  final RunListener listener = RunListener.of(events::add);

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
    return RunOptions.builder().listener(listener).build();
  }
}
