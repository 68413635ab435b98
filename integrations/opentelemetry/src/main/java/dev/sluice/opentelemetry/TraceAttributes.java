package dev.sluice.opentelemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The attributes of Sluice's spans. No OpenTelemetry semantic convention covers workflow runs, so
 * the names are domain-first ({@code workflow.*}), lower-case and dot-separated as the conventions
 * ask; a failure also sets the conventional {@code error.type}.
 */
public final class TraceAttributes {
  /** The workflow's name (run, node, attempt and remote task spans). */
  public static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("workflow.name");
  /** The run's id. A span attribute, never a metric tag. */
  public static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("workflow.run.id");
  /** The node's path in the run, e.g. {@code tune/fit[3]}. */
  public static final AttributeKey<String> NODE = AttributeKey.stringKey("workflow.node.path");
  /** The task a node calls. */
  public static final AttributeKey<String> TASK = AttributeKey.stringKey("workflow.task.name");
  /** The executor an attempt runs on, as registered ({@code local}, {@code ray}, {@code k8s}, ...). */
  public static final AttributeKey<String> EXECUTOR = AttributeKey.stringKey("workflow.executor.name");
  /** The attempt's number, 1 for the first. */
  public static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("workflow.attempt.number");
  /** The attempt's deterministic name {@code <run>-<node>-<attempt>} (the Job's or Ray submission's name). */
  public static final AttributeKey<String> ATTEMPT_NAME = AttributeKey.stringKey("workflow.attempt.name");
  /** Whether the node's output came from the task cache. */
  public static final AttributeKey<Boolean> CACHE_HIT = AttributeKey.booleanKey("workflow.cache.hit");
  /** Whether a resumed or recovered run took the node's outcome from the journal instead of running it. */
  public static final AttributeKey<Boolean> REPLAYED = AttributeKey.booleanKey("workflow.node.replayed");
  /** The node's or run's final state, e.g. {@code succeeded}, {@code cached}, {@code failed}. */
  public static final AttributeKey<String> STATE = AttributeKey.stringKey("workflow.state");
  /**
   * On the link from a resumed run's span to the run span of its first life (in another trace):
   * {@code resumes}.
   */
  public static final AttributeKey<String> LINK = AttributeKey.stringKey("workflow.link.kind");
  /** The conventional error type: the failure's class name. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private TraceAttributes() {}
}
