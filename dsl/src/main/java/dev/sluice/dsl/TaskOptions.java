package dev.sluice.dsl;

import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.Toleration;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The options every task has, whatever its body: version, cache, retries, timeout, concurrency
 * limit, resources, placement and input names. {@link TaskBuilder} and {@link CommandTaskBuilder} share
 * one set of these options; each setter changes it and returns the builder.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract sealed class TaskOptions<B extends TaskOptions<B>>
    permits TaskBuilder, CommandTaskBuilder {
  final TaskSettings settings;

  TaskOptions(TaskSettings settings) {
    this.settings = settings;
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** A version string recorded with every run ("1" by default); bump it when the code changes. */
  public B version(String version) {
    settings.version = Objects.requireNonNull(version, "version");
    return self();
  }

  /**
   * Serves the task's output from the task cache under cache version {@code version}: a call whose
   * inputs match an earlier call's (in any run, any process sharing the store) ends CACHED with the
   * stored output instead of running. Bump the version when old results must not be reused.
   */
  public B cache(String version) {
    settings.cache = CachePolicy.version(Objects.requireNonNull(version, "cache version"));
    return self();
  }

  /**
   * Caches the task's output with options: {@code cache(c -> c.version("v2").ignore("seed")
   * .expireAfter(Duration.ofDays(7)).serialized())}. The builder starts from the options set so far.
   */
  public B cache(Consumer<CachePolicy.Builder> options) {
    CachePolicy.Builder b = settings.cache.enabled() ? settings.cache.toBuilder() : CachePolicy.builder();
    options.accept(b);
    settings.cache = b.build();
    return self();
  }

  /** Sets the whole cache policy ({@link CachePolicy#DISABLED} turns the cache off). */
  public B cache(CachePolicy policy) {
    settings.cache = Objects.requireNonNull(policy, "cache policy");
    return self();
  }

  /** How often and with what backoff a failed attempt is retried (default: no retry). */
  public B retry(RetryPolicy retry) {
    settings.retry = Objects.requireNonNull(retry, "retry policy");
    return self();
  }

  /** Each attempt is cancelled and counted as failed after this long; null for no limit. */
  public B timeout(Duration timeout) {
    settings.timeout = timeout;
    return self();
  }

  /** At most this many attempts of this task run at once in one engine; 0 for no limit. */
  public B maxConcurrency(int maxConcurrency) {
    settings.maxConcurrency = maxConcurrency;
    return self();
  }

  /**
   * The order this task's attempts take among those of runs of the same priority waiting for the
   * same concurrency limit or executor slots: higher first (default 0, from -1000 to 1000).
   */
  public B priority(int priority) {
    settings.admission = settings.admission.toBuilder().priority(priority).build();
    return self();
  }

  /**
   * Each start of this task takes a permit of these engine-wide rate limits, registered with
   * {@code Engine.builder().rateLimit(RateLimitKey.resource("ray-cluster"), ...)}.
   */
  public B rateLimited(String... names) {
    settings.admission = settings.admission.toBuilder().rateLimits(names).build();
    return self();
  }

  /**
   * The longest an attempt may wait to start (for a concurrency limit, executor slots, a rate permit,
   * or a remote job that stays pending); past it the attempt fails with a QueuedTimeoutException.
   */
  public B queuedTimeout(Duration timeout) {
    settings.admission = settings.admission.toBuilder().queuedTimeout(timeout).build();
    return self();
  }

  /** What one attempt asks for (cpu, memory, GPUs, custom resources). */
  public B resources(Resources resources) {
    settings.resources = Objects.requireNonNull(resources, "resources");
    return self();
  }

  /** Changes the resource requests: {@code resources(r -> r.cpu(4).memory("8Gi").gpu(1))}. */
  public B resources(Consumer<ResourcesBuilder> requests) {
    ResourcesBuilder r = new ResourcesBuilder(settings.resources);
    requests.accept(r);
    settings.resources = r.build();
    return self();
  }

  /** The executor that runs this task, by name (e.g. {@code "ray"}); default: the engine's. */
  public B executor(String executor) {
    settings.executor = Ids.require(executor, "executor name of task '" + settings.name + "'");
    return self();
  }

  /** The container image remote executors run this task in. */
  public B image(String image) {
    settings.image = Objects.requireNonNull(image, "image");
    return self();
  }

  /** Runs only on cluster nodes with this label. */
  public B nodeSelector(String key, String value) {
    settings.nodeSelector.put(
        Objects.requireNonNull(key, "node selector key"),
        Objects.requireNonNull(value, "node selector value"));
    return self();
  }

  /** May run on cluster nodes with this taint. */
  public B toleration(Toleration toleration) {
    settings.tolerations.add(Objects.requireNonNull(toleration, "toleration"));
    return self();
  }

  /**
   * Names of the inputs in declaration order, as a command task sees them in its inputs file and
   * as errors name them (default {@code in0}, {@code in1}, ...).
   */
  public B inputNames(String... names) {
    String[] copy = names.clone();
    for (String n : copy) {
      Ids.require(n, "input name of task '" + settings.name + "'");
    }
    settings.inputNames = copy;
    return self();
  }

  /**
   * The output type, instead of the one read from the function (which is erased: {@code List}
   * rather than {@code List<Double>} for a lambda).
   */
  public B outputType(Type type) {
    settings.outputType = Objects.requireNonNull(type, "output type");
    return self();
  }

  /** The input types in declaration order, instead of the ones read from the function. */
  public B inputTypes(Type... types) {
    Type[] copy = types.clone();
    for (Type t : copy) {
      Objects.requireNonNull(t, "input type");
    }
    settings.inputTypes = copy;
    return self();
  }
}
