package dev.sluice.core.log;

import dev.sluice.core.model.TaskContext;
import org.slf4j.MDC;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;

/**
 * The run, node and attempt a log line is about, in SLF4J's {@link MDC}: the engine binds them
 * around the work it does for a run or a node, the local executor and the task runner around every
 * task body, the Ray and Kubernetes executors around their callbacks. A JSON log encoder (Logback's
 * {@code JsonEncoder}, logstash-logback-encoder) writes them as fields to index on.
 *
 * <table>
 *   <caption>MDC keys</caption>
 *   <tr><th>key</th><th>value</th></tr>
 *   <tr><td>{@value #RUN_ID}</td><td>the run id</td></tr>
 *   <tr><td>{@value #WORKFLOW}</td><td>the workflow's name</td></tr>
 *   <tr><td>{@value #NODE}</td><td>the node's path, e.g. {@code tune/fit[3]} (absent on run-level lines)</td></tr>
 *   <tr><td>{@value #ATTEMPT}</td><td>the attempt number, 1 for the first (absent before the first)</td></tr>
 * </table>
 *
 * <p>A binding restores what the thread had before when closed, so bindings nest. Where SLF4J has
 * no MDC (no binding, or one without MDC) binding costs nothing.
 */
public final class RunMdc {
  public static final String RUN_ID = "sluice.runId";
  public static final String WORKFLOW = "sluice.workflow";
  public static final String NODE = "sluice.node";
  public static final String ATTEMPT = "sluice.attempt";

  private static final MDCAdapter MDC_ADAPTER = MDC.getMDCAdapter();
  private static final boolean ENABLED = MDC_ADAPTER != null && !(MDC_ADAPTER instanceof NOPMDCAdapter);
  private static final Scope NOTHING = () -> {};

  private RunMdc() {}

  /** A binding; {@link #close()} restores the keys as they were. Never throws. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  /** Binds a run (no node, no attempt). */
  public static Scope run(String runId, String workflow) {
    return bind(runId, workflow, null, 0);
  }

  /** Binds the attempt {@code context} runs. */
  public static Scope attempt(TaskContext context) {
    return bind(context.runId(), context.workflowName(), context.nodePath(), context.attempt());
  }

  /**
   * Binds a run, a node in it ({@code null}: none) and an attempt ({@code 0}: none yet). Keys with
   * no value are removed for the binding's duration.
   */
  public static Scope bind(String runId, String workflow, String node, int attempt) {
    if (!ENABLED) {
      return NOTHING;
    }
    MDCAdapter mdc = MDC_ADAPTER;
    // A key already holding the value (a nested binding of the same run, say) is neither set nor
    // restored: with Logback each set and restore is a thread-local map write, three bindings a task.
    String run0 = swap(mdc, RUN_ID, runId);
    String wf0 = swap(mdc, WORKFLOW, workflow);
    String node0 = swap(mdc, NODE, node);
    String attempt0 = swap(mdc, ATTEMPT, attempt <= 0 ? null : attempt < ATTEMPTS.length ? ATTEMPTS[attempt] : Integer.toString(attempt));
    if (run0 == UNCHANGED && wf0 == UNCHANGED && node0 == UNCHANGED && attempt0 == UNCHANGED) {
      return NOTHING;
    }
    return () -> {
      restore(mdc, RUN_ID, run0);
      restore(mdc, WORKFLOW, wf0);
      restore(mdc, NODE, node0);
      restore(mdc, ATTEMPT, attempt0);
    };
  }

  /** Attempt numbers as text, made once: no string per binding for the usual attempts. */
  private static final String[] ATTEMPTS = new String[17];

  /** Marks a key a binding left as it was (compared by identity, never a real value). */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String UNCHANGED = new String("unchanged");

  static {
    for (int i = 1; i < ATTEMPTS.length; i++) {
      ATTEMPTS[i] = Integer.toString(i);
    }
  }

  /** Sets {@code key} to {@code value}; returns what it held, or {@link #UNCHANGED} if it held the value. */
  private static String swap(MDCAdapter mdc, String key, String value) {
    String old = mdc.get(key);
    if (old == null ? value == null : old.equals(value)) {
      return UNCHANGED;
    }
    set(mdc, key, value);
    return old;
  }

  private static void restore(MDCAdapter mdc, String key, String old) {
    if (old != UNCHANGED) {
      set(mdc, key, old);
    }
  }

  private static void set(MDCAdapter mdc, String key, String value) {
    if (value == null) {
      mdc.remove(key);
    } else {
      mdc.put(key, value);
    }
  }
}
