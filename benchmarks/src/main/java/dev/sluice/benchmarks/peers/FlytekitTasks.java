package dev.sluice.benchmarks.peers;

import dev.sluice.benchmarks.Dag;
import java.util.List;
import org.flyte.flytekit.SdkBindingData;
import org.flyte.flytekit.SdkBindingDataFactory;
import org.flyte.flytekit.SdkLiteralTypes;
import org.flyte.flytekit.SdkRunnableTask;
import org.flyte.flytekit.SdkType;

/**
 * The benchmark's tasks as flytekit-java {@link SdkRunnableTask}s, found by flytekit's
 * {@code SdkRunnableTaskRegistrar} through {@code META-INF/services/org.flyte.flytekit.SdkRunnableTask}
 * (how flytekit-java discovers tasks). Each does the arithmetic of {@link Dag}'s op on boxed values.
 */
public final class FlytekitTasks {

  private FlytekitTasks() {}

  static SdkType<SdkBindingData<Long>> one(String name) {
    return SdkLiteralTypes.integers().asSdkType(name);
  }

  /** {@code x -> x}: the fan-out's source. */
  public static final class Source extends SdkRunnableTask<SdkBindingData<Long>, SdkBindingData<Long>> {
    public Source() {
      super(one("x"), one("o"));
    }

    @Override
    public SdkBindingData<Long> run(SdkBindingData<Long> x) {
      return SdkBindingDataFactory.of(x.get());
    }
  }

  /** {@code x -> x + 1}. */
  public static final class Inc extends SdkRunnableTask<SdkBindingData<Long>, SdkBindingData<Long>> {
    public Inc() {
      super(one("x"), one("o"));
    }

    @Override
    public SdkBindingData<Long> run(SdkBindingData<Long> x) {
      return SdkBindingDataFactory.of(x.get() + 1);
    }
  }

  /** Sum (or average + 1) of {@code n} inputs. */
  abstract static class Join extends SdkRunnableTask<List<SdkBindingData<Long>>, SdkBindingData<Long>> {
    private final boolean average;

    Join(int n, boolean average) {
      super(new Longs(n), one("o"));
      this.average = average;
    }

    @Override
    public SdkBindingData<Long> run(List<SdkBindingData<Long>> in) {
      long s = 0;
      for (SdkBindingData<Long> v : in) {
        s += v.get();
      }
      return SdkBindingDataFactory.of(average ? s / in.size() + 1 : s);
    }
  }

  public static final class Sum1 extends Join {
    public Sum1() {
      super(1, false);
    }
  }

  public static final class Sum2 extends Join {
    public Sum2() {
      super(2, false);
    }
  }

  public static final class Sum3 extends Join {
    public Sum3() {
      super(3, false);
    }
  }

  public static final class Sum4 extends Join {
    public Sum4() {
      super(4, false);
    }
  }

  /** The {@code join} shape's one task over {@link Dag#WIDE} inputs. */
  public static final class SumWide extends Join {
    public SumWide() {
      super(Dag.WIDE, false);
    }
  }

  /** The lattice's 10-input {@code sum / 10 + 1}. */
  public static final class AvgInc10 extends Join {
    public AvgInc10() {
      super(10, true);
    }
  }
}
