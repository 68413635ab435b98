package dev.sluice.dsl;

import dev.sluice.core.model.Admission;
import dev.sluice.core.model.BodyId;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Toleration;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mutable options a {@link TaskBuilder} and its {@link CommandTaskBuilder} share. */
final class TaskSettings {
  private static final String[] DEFAULT_NAMES = {"in0", "in1", "in2", "in3"};

  final String name;
  String version = "1";
  RetryPolicy retry = RetryPolicy.NONE;
  Duration timeout;
  int maxConcurrency;
  Admission admission = Admission.DEFAULT;
  Resources resources = Resources.NONE;
  String executor;
  String image;
  final Map<String, String> nodeSelector = new LinkedHashMap<>();
  final List<Toleration> tolerations = new ArrayList<>();
  final Map<String, String> environment = new LinkedHashMap<>();
  String[] inputNames;
  Type[] inputTypes;
  Type outputType;
  CachePolicy cache = CachePolicy.DISABLED;
  /** Derive the cache version from the class that defines the body ({@code cacheVersionFromCode()}). */
  boolean cacheVersionFromCode;
  /** The body's identity as the task declares it ({@code bodyId(...)}); null: derived from the code. */
  String bodyId;

  TaskSettings(String name) {
    this.name = Ids.require(name, "task name");
  }

  /** Settings preset with a spec's values (input names kept, types left to the spec). */
  static TaskSettings from(TaskSpec spec) {
    TaskSettings s = new TaskSettings(spec.name());
    s.version = spec.version();
    s.retry = spec.retry();
    s.timeout = spec.timeout().orElse(null);
    s.maxConcurrency = spec.maxConcurrency();
    s.admission = spec.admission();
    s.resources = spec.resources();
    s.cache = spec.cache();
    Placement p = spec.placement();
    s.executor = p.executor();
    s.image = p.image();
    s.nodeSelector.putAll(p.nodeSelector());
    s.tolerations.addAll(p.tolerations());
    s.environment.putAll(p.environment());
    List<Param> inputs = spec.inputs();
    s.inputNames = new String[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      s.inputNames[i] = inputs.get(i).name();
    }
    return s;
  }

  /** The types a spec declares, in {@link LambdaTypes#infer} order (inputs, then output). */
  static Type[] typesOf(TaskSpec spec) {
    List<Param> inputs = spec.inputs();
    Type[] types = new Type[inputs.size() + 1];
    for (int i = 0; i < inputs.size(); i++) {
      types[i] = inputs.get(i).type();
    }
    types[inputs.size()] = spec.output();
    return types;
  }

  /**
   * Freezes the settings into a spec for a body of {@code inferred.length - 1} inputs. Explicit
   * {@code inputTypes}/{@code outputType} win over the inferred types. {@code fn} is the function
   * given to {@code of(...)}, or null when there is none (a command, a copy made by {@code with}).
   */
  TaskSpec toSpec(TaskBody body, Type[] inferred, Object fn) {
    int arity = inferred.length - 1;
    if (bodyId != null && body instanceof TaskBody.Jvm jvm && !jvm.id().code().equals("declared:" + bodyId)) {
      body = new TaskBody.Jvm(jvm.invoker(), BodyId.declared(bodyId, jvm.id().origin())); // with(b -> b.bodyId(..))
    }
    if (inputNames != null && inputNames.length != arity) {
      throw new IllegalArgumentException(
          "task '" + name + "' takes " + arity + " input(s) but inputNames(...) gives "
              + inputNames.length + " name(s). Fix: pass exactly one name per input, in order");
    }
    if (inputTypes != null && inputTypes.length != arity) {
      throw new IllegalArgumentException(
          "task '" + name + "' takes " + arity + " input(s) but inputTypes(...) gives "
              + inputTypes.length + " type(s). Fix: pass exactly one type per input, in order");
    }
    TaskSpec.Builder b =
        TaskSpec.builder(name)
            .version(version)
            .output(outputType != null ? outputType : inferred[arity])
            .body(body)
            .retry(retry)
            .timeout(timeout)
            .maxConcurrency(maxConcurrency)
            .admission(admission)
            .resources(resources)
            .placement(placement())
            .cache(cachePolicy(fn));
    for (int i = 0; i < arity; i++) {
      b.input(
          inputNames != null ? inputNames[i] : DEFAULT_NAMES[i],
          inputTypes != null ? inputTypes[i] : inferred[i]);
    }
    return b.build();
  }

  /** The identity of a JVM body made of {@code fn}: declared, or derived from its code. */
  BodyId bodyIdOf(Object fn) {
    return bodyId != null ? BodyId.declared(bodyId, BodyCode.origin(fn)) : BodyCode.of(fn);
  }

  private CachePolicy cachePolicy(Object fn) {
    if (!cacheVersionFromCode) {
      return cache;
    }
    CachePolicy base = cache.enabled() ? cache : CachePolicy.builder().build();
    if (fn != null) {
      return base.toBuilder().versionFromCode(LambdaTypes.codeClass(fn)).build();
    }
    if (base.codeHash().isPresent()) {
      return base; // with(...) keeps the body, so the hash of its code still holds
    }
    throw new IllegalArgumentException(
        "task '" + name + "': cacheVersionFromCode() needs the task's function, which with(...) does not"
            + " see. Fix: call it where the task is defined, before of(...)");
  }

  private Placement placement() {
    if (executor == null
        && image == null
        && nodeSelector.isEmpty()
        && tolerations.isEmpty()
        && environment.isEmpty()) {
      return Placement.DEFAULT;
    }
    return new Placement(executor, image, nodeSelector, tolerations, environment);
  }
}
