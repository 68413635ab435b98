package dev.sluice.testing;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.testing.internal.junit.TestEnvironment;
import dev.sluice.testing.internal.junit.TestOptions;
import dev.sluice.testing.mock.TaskMocks;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link SluiceTest}: builds a test engine before each test, injects
 * it and its helpers, and closes it after, failing the test if engine threads outlive it or strict
 * mode was violated. Register it with options in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SluiceExtension sluice = SluiceExtension.builder()
 *     .strict().allow("split", "evaluate")
 *     .executor("k8s", KubernetesSimulator::new)   // a stand-in, made fresh per test
 *     .build();
 * }</pre>
 */
public final class SluiceExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SluiceExtension.class);
  private static final String ENVIRONMENT = "environment";

  /** Null when registered by {@link SluiceTest}: the options come from the annotation. */
  private final TestOptions options;

  /** The extension {@link SluiceTest} registers; it reads its options from the annotation. */
  public SluiceExtension() {
    this(null);
  }

  private SluiceExtension(TestOptions options) {
    this.options = options;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (store.get(ENVIRONMENT) != null) {
      throw new IllegalStateException(
          "SluiceExtension is registered twice for " + context.getDisplayName() + " (@SluiceTest and"
              + " @RegisterExtension?). Fix: use one: @SluiceTest, or a SluiceExtension.builder() field");
    }
    TestOptions resolved = options != null ? options : fromAnnotation(context);
    store.put(ENVIRONMENT, TestEnvironment.start(resolved));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestEnvironment env = context.getStore(NAMESPACE).remove(ENVIRONMENT, TestEnvironment.class);
    if (env != null) {
      env.close();
    }
  }

  private static TestOptions fromAnnotation(ExtensionContext context) {
    Optional<SluiceTest> found = context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, SluiceTest.class));
    for (Class<?> c = context.getRequiredTestClass(); found.isEmpty() && c != null; c = c.getEnclosingClass()) {
      found = AnnotationSupport.findAnnotation(c, SluiceTest.class);
    }
    SluiceTest a =
        found.orElseThrow(
            () -> new IllegalStateException(
                "SluiceExtension was registered without options and without @SluiceTest on "
                    + context.getRequiredTestClass().getName() + ". Fix: annotate the class with"
                    + " @SluiceTest, or register SluiceExtension.builder()...build() with @RegisterExtension"));
    return new TestOptions(
        a.strict(),
        new LinkedHashSet<>(Arrays.asList(a.allow())),
        a.parallelism(),
        a.virtualTime(),
        Map.of(),
        TestOptions.DEFAULT_CLOSE_TIMEOUT);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Engine.class
        || type == TaskMocks.class
        || type == TestClock.class
        || type == ArtifactStore.class
        || type == LaunchedRuns.class
        || (type == Path.class && parameter.isAnnotated(WorkDirectory.class));
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Executable where = parameter.getDeclaringExecutable();
    TestEnvironment env = context.getStore(NAMESPACE).get(ENVIRONMENT, TestEnvironment.class);
    if (env == null) {
      throw new ParameterResolutionException(
          "a Sluice test engine exists only while a test runs: " + describe(where) + " cannot receive the "
              + parameter.getParameter().getType().getSimpleName() + ". Fix: take it in the @Test,"
              + " @BeforeEach or @AfterEach method");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == Engine.class) {
      return env.engine();
    } else if (type == TaskMocks.class) {
      return env.mocks();
    } else if (type == ArtifactStore.class) {
      return env.store();
    } else if (type == LaunchedRuns.class) {
      return env.launched();
    } else if (type == Path.class) {
      return env.workDirectory();
    }
    return env.clock()
        .orElseThrow(
            () -> new ParameterResolutionException(
                describe(where) + " asks for a TestClock, but this test engine runs on the system"
                    + " clock. Fix: @SluiceTest(virtualTime = true), or"
                    + " SluiceExtension.builder().virtualTime()"));
  }

  private static String describe(Executable e) {
    return e instanceof Method m ? m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()" : e.toString();
  }

  /** Mutable builder of a {@link SluiceExtension}; {@link #build()} freezes the options. */
  public static final class Builder {
    private boolean strict;
    private final Set<String> allow = new LinkedHashSet<>();
    private int parallelism = 4;
    private boolean virtualTime;
    private final Map<String, Supplier<? extends TaskExecutor>> executors = new LinkedHashMap<>();
    private Duration closeTimeout = TestOptions.DEFAULT_CLOSE_TIMEOUT;

    private Builder() {}

    /** A task neither mocked nor allowed fails the test (see {@link SluiceTest#strict()}). */
    public Builder strict() {
      this.strict = true;
      return this;
    }

    /** Tasks that run for real in strict mode, by name. */
    public Builder allow(String... taskNames) {
      allow.addAll(Arrays.asList(taskNames));
      return this;
    }

    /** Threads of the engine's task pool (default 4). */
    public Builder parallelism(int parallelism) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
      }
      this.parallelism = parallelism;
      return this;
    }

    /** The engine runs on a {@link TestClock} the test advances (see {@link SluiceTest#virtualTime()}). */
    public Builder virtualTime() {
      this.virtualTime = true;
      return this;
    }

    /**
     * Registers a stand-in executor for tasks that name {@code name}; {@code factory} makes a fresh
     * one for each test (the engine closes it after). Without one, such tasks must be mocked.
     */
    public Builder executor(String name, Supplier<? extends TaskExecutor> factory) {
      Objects.requireNonNull(name, "executor name");
      executors.put(name, Objects.requireNonNull(factory, "factory of executor '" + name + "'"));
      return this;
    }

    /** How long engine threads may take to end after a test before it fails (default 10 s). */
    public Builder closeTimeout(Duration timeout) {
      this.closeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    public SluiceExtension build() {
      return new SluiceExtension(
          new TestOptions(strict, allow, parallelism, virtualTime, executors, closeTimeout));
    }
  }
}
