package dev.sluice.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU nanoseconds so far of this process's threads by kind, read from Linux's {@code
 * /proc/self/task/<id>/schedstat} (time on the CPU) and {@code comm} (the thread's name, cut to 15
 * characters): the journal's threads ({@code sluice-*-journal-*}), the JIT's compiler threads
 * ({@code C1/C2 CompilerThread}), the collector's ({@code GC Thread#*}, {@code G1 *}) and all
 * others (task pool, callers, timers). The JIT keeps compiling for thousands of runs after a start
 * (code called once per run reaches C2 late), a one-time cost that a benchmark separates from the
 * steady cost it measures. Threads that ended between two samples are missing from both.
 */
record ThreadCpu(long journal, long jit, long gc, long other) {

  /** Now. */
  static ThreadCpu sample() {
    long[] sums = new long[4];
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          long nanos = Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
          int kind = name.contains("-journa") ? 0
              : name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? 1
              : name.startsWith("GC Thread") || name.startsWith("G1 ") ? 2
              : 3;
          sums[kind] += nanos;
        } catch (IOException | RuntimeException e) {
          // the thread ended while being read
        }
      });
    } catch (IOException e) {
      throw new IllegalStateException("reading /proc/self/task (Linux only) failed: " + e.getMessage(), e);
    }
    return new ThreadCpu(sums[0], sums[1], sums[2], sums[3]);
  }

  /** What each kind spent since {@code before}. */
  ThreadCpu since(ThreadCpu before) {
    return new ThreadCpu(journal - before.journal, jit - before.jit, gc - before.gc, other - before.other);
  }
}
