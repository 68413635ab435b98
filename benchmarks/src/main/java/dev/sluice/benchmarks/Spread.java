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
  record Cell(String benchmark, Map<String, String> params, int units, List<Fork> forks) {}

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
      cells.add(new Cell(shortName(r.getParams().getBenchmark()), params, units, forks));
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
      cells.add(new Cell(shortName(b.path("benchmark").asText()), params, units, forks));
    }
    return cells;
  }

  static String table(List<Cell> cells, int warmup) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Warm-up: the first %d iterations of each fork.%n%n", warmup));
    out.append("| benchmark | params | fork | median µs/unit | min | max | max/median | steady at iteration | last iteration > 1.2× |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Cell c : cells) {
      String params = c.params.toString().replaceAll("[{}]", "").replace(", ", " ");
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
