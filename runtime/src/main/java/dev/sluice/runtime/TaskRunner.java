package dev.sluice.runtime;

import dev.sluice.core.io.RemoteCommand;
import dev.sluice.core.io.TaskIo;
import dev.sluice.core.log.RunMdc;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskContext;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.TaskCatalogProvider;
import dev.sluice.core.store.ArtifactStores;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one attempt of a JVM task in a process of its own, as a Kubernetes pod or a Ray job does:
 * finds the task in the application's {@link TaskCatalogProvider}s, reads {@code inputs.json} from
 * the store at {@code SLUICE_STORE_URI}, runs the task, and writes {@code outputs.json} — or, if
 * the task throws, {@code error.json} next to it with the error's type, message, stack and whether
 * the task's retry policy would retry it.
 *
 * <p>Exit status: {@value #OK} success, {@value #TASK_FAILED} the task threw (error.json written),
 * {@value #USAGE} the runner could not start the task (bad arguments, unknown task, store
 * unreachable; error.json written when the store could be opened).
 */
public final class TaskRunner {
  public static final int OK = 0;
  public static final int TASK_FAILED = 1;
  public static final int USAGE = 2;

  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  private TaskRunner() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv()));
  }

  /** Runs the attempt the arguments and environment describe; returns the exit status. */
  public static int run(String[] args, Map<String, String> env) {
    RunMdc.Scope mdc = RunMdc.bind(env.get("SLUICE_RUN_ID"), env.get("SLUICE_WORKFLOW"), env.get("SLUICE_NODE"),
        attemptNumber(env.get("SLUICE_ATTEMPT")));
    try {
      return runWithMdc(args, env);
    } finally {
      mdc.close();
    }
  }

  private static int attemptNumber(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static int runWithMdc(String[] args, Map<String, String> env) {
    RunnerArguments arguments;
    try {
      arguments = RunnerArguments.parse(args);
    } catch (IllegalArgumentException e) {
      log.error("{}", e.getMessage());
      return USAGE;
    }
    String root = env.get("SLUICE_STORE_URI");
    if (root == null || root.isBlank()) {
      log.error("SLUICE_STORE_URI is not set: the runner needs the store the engine staged the inputs in");
      return USAGE;
    }
    ArtifactStore store;
    try {
      store = ArtifactStores.open(URI.create(root), env);
    } catch (RuntimeException e) {
      log.error("cannot open the store {}: {}", root, e.getMessage());
      return USAGE;
    }
    try (store) {
      return run(arguments, env, store);
    }
  }

  private static int run(RunnerArguments arguments, Map<String, String> env, ArtifactStore store) {
    TaskIo io = TaskIo.standard();
    String errorKey;
    String inputsKey;
    String outputsKey;
    try {
      outputsKey = keyOf(store, arguments.outputs());
      inputsKey = keyOf(store, arguments.inputs());
      String errorUri = env.get("SLUICE_ERROR_URI");
      errorKey =
          errorUri != null && !errorUri.isBlank()
              ? keyOf(store, errorUri)
              : sibling(outputsKey, "error.json");
    } catch (IllegalArgumentException e) {
      log.error("{}", e.getMessage());
      return USAGE;
    }
    TaskSpec task;
    RunnerContext context;
    Object[] inputs;
    try {
      task = findTask(arguments.task(), env.get(RemoteCommand.TASK_BODY_ENV));
      context = RunnerContext.fromEnvironment(env);
      inputs = io.readInputs(store, inputsKey, task);
    } catch (RuntimeException e) {
      log.error("cannot start task '{}': {}", arguments.task(), e.getMessage());
      writeError(io, store, errorKey, e, false);
      return USAGE;
    }
    log.info("running task '{}' as {} (inputs {})", task.name(), context.attemptName(), store.uri(inputsKey));
    long start = System.nanoTime();
    Object output;
    try {
      output = invoke(task, inputs, context, env);
    } catch (Throwable t) {
      boolean retryable = task.retry().retries(t);
      log.error("task '{}' failed after {} ms ({}): {}", task.name(), millis(start),
          retryable ? "retryable" : "not retryable", t.toString());
      writeError(io, store, errorKey, t, retryable);
      return TASK_FAILED;
    }
    try {
      io.writeOutput(store, outputsKey, task, output);
    } catch (RuntimeException e) {
      log.error("task '{}' ran but its output could not be written to {}: {}", task.name(),
          store.uri(outputsKey), e.getMessage());
      writeError(io, store, errorKey, e, true);
      return TASK_FAILED;
    }
    log.info("task '{}' succeeded in {} ms; output at {}", task.name(), millis(start), store.uri(outputsKey));
    return OK;
  }

  /** Runs the task body inside the {@link RunnerHook}s on the class path, with the context bound. */
  private static Object invoke(TaskSpec task, Object[] inputs, RunnerContext context, Map<String, String> env)
      throws Exception {
    Callable<Object> body = () -> TaskContext.callWith(context,
        () -> ((TaskBody.Jvm) task.body()).invoker().invoke(inputs, context));
    for (RunnerHook hook : ServiceLoader.load(RunnerHook.class)) {
      Callable<Object> inner = body;
      body = () -> hook.around(context, task, env, inner);
    }
    return body.call();
  }

  private static TaskSpec findTask(String name, String bodyCode) {
    List<TaskCatalog> catalogs = new ArrayList<>();
    for (TaskCatalogProvider provider : ServiceLoader.load(TaskCatalogProvider.class)) {
      catalogs.add(provider.catalog());
    }
    if (catalogs.isEmpty()) {
      throw new IllegalArgumentException(
          "no " + TaskCatalogProvider.class.getName() + " on the class path; fix: implement it in your"
              + " application and list it in META-INF/services/" + TaskCatalogProvider.class.getName());
    }
    TaskCatalog catalog = TaskCatalog.merge(catalogs);
    TaskSpec task =
        catalog.find(name)
            .orElseThrow(() -> new IllegalArgumentException(
                "no task named '" + name + "' in this application's catalog; it has "
                    + new TreeSet<>(catalog.names())
                    + ". Fix: rebuild the image with the current jar, or add the task to your"
                    + " TaskCatalogProvider"));
    if (!(task.body() instanceof TaskBody.Jvm)) {
      throw new IllegalArgumentException(
          "task '" + name + "' is a command task: executors start its command directly, not the runner");
    }
    if (bodyCode != null && !bodyCode.isBlank() && !bodyCode.equals(task.body().id().code())) {
      throw new IllegalArgumentException(
          "the engine runs task '" + name + "' with body " + bodyCode + ", but this application's catalog"
              + " has another task of that name: " + task.body().id().describe() + ". Fix: rebuild the"
              + " image (or Ray runtime env) with the engine's jar; if two tasks share the name, give"
              + " each its own name (Task.named(...))");
    }
    return task;
  }

  /** The store key of a location given as a store URI or, for a filesystem store, a plain path. */
  static String keyOf(ArtifactStore store, String location) {
    URI uri = location.contains("://") ? URI.create(location) : Path.of(location).toAbsolutePath().toUri();
    String root = store.root().toString();
    String text = uri.toString();
    if (!text.startsWith(root) || text.length() == root.length()) {
      throw new IllegalArgumentException(
          location + " is not an object in the store " + root
              + "; fix: SLUICE_STORE_URI must be the root of the store the engine staged into");
    }
    return URLDecoder.decode(text.substring(root.length()), StandardCharsets.UTF_8);
  }

  private static String sibling(String key, String name) {
    int slash = key.lastIndexOf('/');
    return slash < 0 ? name : key.substring(0, slash + 1) + name;
  }

  private static void writeError(
      TaskIo io, ArtifactStore store, String key, Throwable error, boolean retryable) {
    try {
      io.writeError(store, key, error, retryable);
    } catch (RuntimeException e) {
      log.error("could not write the error to {} either: {}", store.uri(key), e.getMessage());
    }
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
