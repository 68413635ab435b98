package dev.sluice.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the usual command-line arguments, then prints the results per task (engine
 * overhead: score / tasks of the shape) or per node (compile: score / nodes) as a Markdown table,
 * next to the ratio to each floor measured in the same run.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sluice.benchmarks.PerTask EngineOverhead -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 */
public final class PerTask {

  private PerTask() {}

  public static void main(String[] args) throws Exception {
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    System.out.println();
    System.out.println(table(results));
  }

  /** One row per result; µs and bytes divided by the result's task (or node) count. */
  static String table(Collection<RunResult> results) {
    List<Row> rows = new ArrayList<>();
    for (RunResult r : results) {
      rows.add(new Row(r));
    }
    StringBuilder out = new StringBuilder();
    out.append("| benchmark | params | units | µs/op | µs/unit | ± (99.9%) | B/op | B/unit | vs completableFuture | vs counterScheduler | vs flytekit |\n");
    out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Row row : rows) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %d | %.1f | %.3f | %.3f | %s | %s | %s | %s | %s |%n",
              row.benchmark,
              row.params,
              row.units,
              row.microsPerOp,
              row.microsPerOp / row.units,
              row.error / row.units,
              Double.isNaN(row.bytesPerOp) ? "-" : String.format(Locale.ROOT, "%.0f", row.bytesPerOp),
              Double.isNaN(row.bytesPerOp)
                  ? "-"
                  : String.format(Locale.ROOT, "%.0f", row.bytesPerOp / row.units),
              ratio(row, rows, "completableFuture"),
              ratio(row, rows, "counterScheduler"),
              ratio(row, rows, "flytekit")));
    }
    return out.toString();
  }

  private static String ratio(Row row, List<Row> rows, String floor) {
    if (row.impl == null || row.impl.equals(floor)) {
      return "";
    }
    for (Row other : rows) {
      if (floor.equals(other.impl) && other.sameExceptImpl(row)) {
        return String.format(Locale.ROOT, "%.2f×", row.microsPerOp / other.microsPerOp);
      }
    }
    return "";
  }

  private static final class Row {
    final String benchmark;
    final String params;
    final Map<String, String> paramMap = new java.util.TreeMap<>();
    final String impl;
    final int units;
    final double microsPerOp;
    final double error;
    final double bytesPerOp;

    Row(RunResult r) {
      var bp = r.getParams();
      String name = bp.getBenchmark();
      benchmark = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder ps = new StringBuilder();
      for (String key : bp.getParamsKeys()) {
        paramMap.put(key, bp.getParam(key));
        ps.append(ps.length() == 0 ? "" : " ").append(key).append('=').append(bp.getParam(key));
      }
      params = ps.toString();
      impl = paramMap.get("impl");
      if (paramMap.containsKey("shape")) {
        units = Dag.of(paramMap.get("shape")).size;
      } else if (paramMap.containsKey("nodes")) {
        units = Integer.parseInt(paramMap.get("nodes"));
      } else {
        units = 1;
      }
      Result<?> primary = r.getPrimaryResult();
      double toMicros = toMicros(primary.getScoreUnit());
      microsPerOp = primary.getScore() * toMicros;
      error = primary.getScoreError() * toMicros;
      double bytes = Double.NaN;
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          bytes = e.getValue().getScore();
        }
      }
      bytesPerOp = bytes;
    }

    boolean sameExceptImpl(Row other) {
      if (!benchmark.equals(other.benchmark)) {
        return false;
      }
      Map<String, String> a = new java.util.TreeMap<>(paramMap);
      Map<String, String> b = new java.util.TreeMap<>(other.paramMap);
      a.remove("impl");
      b.remove("impl");
      return a.equals(b);
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
}
