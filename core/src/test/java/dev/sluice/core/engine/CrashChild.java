package dev.sluice.core.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The crash test's child JVM: {@code start <dir> <seed>} starts a run of {@link CrashWorkflow} and
 * writes its id to {@code <dir>/run.id}; {@code resume <dir> <run>} resumes one (its clock an hour
 * ahead, so that the killed owner's lease has lapsed). Either way it then waits for the run, and
 * the test kills it at some point.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    boolean start = args[0].equals("start");
    try (Engine engine = CrashWorkflow.engine(dir, "child-" + ProcessHandle.current().pid(),
        start ? Duration.ZERO : Duration.ofHours(1))) {
      RunHandle<Object> run = start
          ? engine.run(CrashWorkflow.spec(dir), Long.parseLong(args[2]), RunOptions.DEFAULT)
          : engine.resume(args[2]);
      Path tmp = dir.resolve("run.id.tmp");
      Files.writeString(tmp, run.runId());
      Files.move(tmp, dir.resolve("run.id"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      run.await(Duration.ofMinutes(2));
    }
  }
}
