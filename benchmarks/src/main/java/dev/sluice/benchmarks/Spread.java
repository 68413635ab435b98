package dev.sluice.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Spread and warm-up of every iteration of every fork, which JMH's summary (a mean and an error
 * over all forks) hides. Run the benchmark with <b>no JMH warm-up</b> so that every iteration is
 * kept, and let this harness treat the first {@code --warmup} iterations as the warm-up:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.Spread --warmup 5 \
 *     EngineOverhead -wi 0 -i 15 -r 1 -f 3 -p pool=fixed
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.Spread --warmup 5 --json result.json
 * </pre>
 *
 * (the second form reads what {@code -rf json -rff result.json} wrote). Per cell and fork it prints,
 * in µs per task when the cell has a {@code shape} ({@link Dag}) or per operation otherwise:
 *
 * <ul>
 *   <li>the <b>median</b>, min and max of the iterations after the warm-up, and <b>max / median</b>
 *       (the spread target: ≤ 1.5);
 *   <li><b>iterations to steady state</b>: the first iteration (counting from 1, warm-up included)
 *       within 1.2× of that median, and the last one that is not (0: none), so a fork that settles
 *       and then jumps away is visible.
 * </ul>
 */
public final class Spread {

  private Spread() {}

  /** One fork's iteration scores (in µs per task or per op), in order. */
  record Fork(double[] scores) {}

  /** One benchmark cell: its name, parameters, units per op and forks. */
  record Cell(String benchmark, Map<String, String> params, int units, List<Fork> forks, double bytesPerUnit) {}

  public static void main(String[] args) throws Exception {
    int warmup = 5;
    String json = null;
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    for (Iterator<String> it = rest.iterator(); it.hasNext(); ) {
      String a = it.next();
      if (a.equals("--warmup")) {
        it.remove();
        warmup = Integer.parseInt(it.next());
        it.remove();
      } else if (a.equals("--json")) {
        it.remove();
        json = it.next();
        it.remove();
      }
    }
    List<Cell> cells =
        json != null
            ? fromJson(new ObjectMapper().readTree(new File(json)))
            : fromRun(new Runner(new CommandLineOptions(rest.toArray(new String[0]))).run());
    System.out.println();
    System.out.println(summary(cells, warmup));
    System.out.println(table(cells, warmup));
  }

  static List<Cell> fromRun(Collection<RunResult> results) {
    List<Cell> cells = new ArrayList<>();
    for (RunResult r : results) {
      Map<String, String> params = new TreeMap<>();
      for (String key : r.getParams().getParamsKeys()) {
        params.put(key, r.getParams().getParam(key));
      }
      int units = units(params);
      double toMicros = toMicros(r.getPrimaryResult().getScoreUnit());
      List<Fork> forks = new ArrayList<>();
      for (BenchmarkResult fork : r.getBenchmarkResults()) {
        List<Double> scores = new ArrayList<>();
        for (IterationResult it : fork.getIterationResults()) {
          scores.add(it.getPrimaryResult().getScore() * toMicros / units);
        }
        forks.add(new Fork(scores.stream().mapToDouble(Double::doubleValue).toArray()));
      }
      double bytes = Double.NaN;
      for (Map.Entry<String, org.openjdk.jmh.results.Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          bytes = e.getValue().getScore() / units;
        }
      }
      cells.add(new Cell(shortName(r.getParams().getBenchmark()), params, units, forks, bytes));
    }
    return cells;
  }

  static List<Cell> fromJson(JsonNode root) {
    List<Cell> cells = new ArrayList<>();
    for (JsonNode b : root) {
      Map<String, String> params = new TreeMap<>();
      b.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
      int units = units(params);
      JsonNode metric = b.path("primaryMetric");
      double toMicros = toMicros(metric.path("scoreUnit").asText());
      List<Fork> forks = new ArrayList<>();
      for (JsonNode fork : metric.path("rawData")) {
        double[] scores = new double[fork.size()];
        for (int i = 0; i < scores.length; i++) {
          scores[i] = fork.get(i).asDouble() * toMicros / units;
        }
        forks.add(new Fork(scores));
      }
      JsonNode norm = b.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      double bytes = norm.isNumber() ? norm.asDouble() / units : Double.NaN;
      cells.add(new Cell(shortName(b.path("benchmark").asText()), params, units, forks, bytes));
    }
    return cells;
  }

  /**
   * One row per cell over the iterations after the warm-up of all its forks: median, min, max and
   * the 99.9% confidence half-width (Student's t, as JMH computes its error), bytes per unit,
   * the worst fork's max / median and the latest fork's iteration to steady state, and the ratio
   * of the median to each floor's and the peer's in the same run.
   */
  static String summary(List<Cell> cells, int warmup) {
    StringBuilder out = new StringBuilder();
    out.append("| benchmark | params | median µs/unit | min | max | ± 99.9% | B/unit | worst max/median | steady at (worst fork) | vs completableFuture | vs counterScheduler | vs flytekit |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Cell c : cells) {
      double[] all = measured(c, warmup);
      double worst = 0;
      int steady = 0;
      for (Fork fork : c.forks) {
        Stats s = Stats.of(fork.scores, warmup);
        worst = Math.max(worst, s.max / s.median);
        steady = Math.max(steady, s.steadyAt);
      }
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f | %.3f | %.3f | %.3f | %s | %.2f | %d | %s | %s | %s |%n",
              c.benchmark,
              params(c),
              median(all),
              all[0],
              all[all.length - 1],
              error(all),
              Double.isNaN(c.bytesPerUnit) ? "-" : String.format(Locale.ROOT, "%.0f", c.bytesPerUnit),
              worst,
              steady,
              ratio(c, cells, "completableFuture", warmup),
              ratio(c, cells, "counterScheduler", warmup),
              ratio(c, cells, "flytekit", warmup)));
    }
    return out.toString();
  }

  private static double[] measured(Cell c, int warmup) {
    List<Double> values = new ArrayList<>();
    for (Fork fork : c.forks) {
      for (int i = warmup; i < fork.scores.length; i++) {
        values.add(fork.scores[i]);
      }
    }
    double[] all = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(all);
    return all;
  }

  private static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double error(double[] values) {
    int n = values.length;
    if (n < 2) {
      return Double.NaN;
    }
    double mean = Arrays.stream(values).average().orElse(0);
    double var = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n - 1);
    double t = new org.apache.commons.math3.distribution.TDistribution(n - 1).inverseCumulativeProbability(1 - 0.001 / 2);
    return t * Math.sqrt(var / n);
  }

  private static String ratio(Cell c, List<Cell> cells, String other, int warmup) {
    if (other.equals(c.params.get("impl"))) {
      return "";
    }
    for (Cell o : cells) {
      if (!other.equals(o.params.get("impl")) || !o.benchmark.equals(c.benchmark)) {
        continue;
      }
      Map<String, String> a = new TreeMap<>(c.params);
      Map<String, String> b = new TreeMap<>(o.params);
      a.remove("impl");
      b.remove("impl");
      if (a.equals(b)) {
        return String.format(Locale.ROOT, "%.2f×", median(measured(c, warmup)) / median(measured(o, warmup)));
      }
    }
    return "";
  }

  private static String params(Cell c) {
    return c.params.toString().replaceAll("[{}]", "").replace(", ", " ");
  }

  static String table(List<Cell> cells, int warmup) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Warm-up: the first %d iterations of each fork.%n%n", warmup));
    out.append("| benchmark | params | fork | median µs/unit | min | max | max/median | steady at iteration | last iteration > 1.2× |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Cell c : cells) {
      String params = params(c);
      int f = 0;
      for (Fork fork : c.forks) {
        f++;
        Stats s = Stats.of(fork.scores, warmup);
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %.3f | %.3f | %.3f | %.2f | %d | %d |%n",
                c.benchmark,
                params,
                f,
                s.median,
                s.min,
                s.max,
                s.max / s.median,
                s.steadyAt,
                s.lastOutside));
      }
    }
    return out.toString();
  }

  /** What one fork's iterations say. */
  record Stats(double median, double min, double max, int steadyAt, int lastOutside) {
    static Stats of(double[] scores, int warmup) {
      if (scores.length <= warmup) {
        throw new IllegalArgumentException(
            scores.length + " iterations, " + warmup + " of them warm-up: run more iterations (-i)");
      }
      double[] measured = Arrays.copyOfRange(scores, warmup, scores.length);
      double[] sorted = measured.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      int steadyAt = 0;
      int lastOutside = 0;
      for (int i = 0; i < scores.length; i++) {
        boolean within = scores[i] <= 1.2 * median;
        if (within && steadyAt == 0) {
          steadyAt = i + 1;
        }
        if (!within) {
          lastOutside = i + 1;
        }
      }
      return new Stats(median, sorted[0], sorted[n - 1], steadyAt, lastOutside);
    }
  }

  private static int units(Map<String, String> params) {
    String shape = params.get("shape");
    return shape == null ? 1 : Dag.of(shape).size;
  }

  private static String shortName(String benchmark) {
    return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
  }

  private static double toMicros(String unit) {
    if (unit.startsWith("us/") || unit.startsWith("µs/")) {
      return 1;
    }
    if (unit.startsWith("ns/")) {
      return 1e-3;
    }
    if (unit.startsWith("ms/")) {
      return 1e3;
    }
    if (unit.startsWith("s/")) {
      return 1e6;
    }
    throw new IllegalArgumentException("score unit " + unit + ": run in average-time mode");
  }
}
