package dev.sluice.benchmarks;

import dev.sluice.core.model.WorkflowSpec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Compile time of a chain of {@code nodes} tasks: one operation defines the workflow and compiles it
 * to a validated {@link WorkflowSpec}. Divide by {@code nodes} for µs per node ({@link PerTask}).
 *
 * <ul>
 *   <li>{@code dsl}: {@code Workflow.named(...)} with {@code wf.call(inc, v)} per node (what users
 *       write; includes the DSL's recording and id assignment).
 *   <li>{@code coreBuilder}: the same chain with {@code WorkflowSpec.builder} and hand-made {@code
 *       TaskNode}s (validation and compilation only).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompileBenchmark {

  @Param({"10000", "100000"})
  public int nodes;

  @Benchmark
  public WorkflowSpec dsl() {
    return check(SluiceDags.chain(nodes).spec());
  }

  @Benchmark
  public WorkflowSpec coreBuilder() {
    return check(SluiceDags.coreChain(nodes));
  }

  private WorkflowSpec check(WorkflowSpec spec) {
    if (spec.nodes().size() != nodes) {
      throw new IllegalStateException("compiled " + spec.nodes().size() + " nodes, expected " + nodes);
    }
    return spec;
  }
}
