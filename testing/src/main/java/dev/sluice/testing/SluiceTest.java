package dev.sluice.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs each test of a class (or one method) with its own Sluice engine: local executor, in-memory
 * store, a fresh work directory, task mocks, closed after the test with every thread ended. Test
 * methods (and {@code @BeforeEach}/{@code @AfterEach} methods) receive by parameter the {@link
 * dev.sluice.core.engine.Engine}, the {@link dev.sluice.testing.mock.TaskMocks}, the {@link
 * TestClock} (with {@link #virtualTime()}), the {@link dev.sluice.core.spi.ArtifactStore}, the
 * {@link LaunchedRuns} (every run the test's engines started, by a schedule or trigger too) and the
 * {@link WorkDirectory @WorkDirectory Path}.
 *
 * <pre>{@code
 * @SluiceTest(strict = true)
 * class TrainingTest {
 *   @Test
 *   void retriesALostWorker(Engine engine, TaskMocks mocks) {
 *     mocks.mock(Training.fit).thenThrow(new IOException("worker lost")).returns(model);
 *     assertThat(engine.run(Training.WORKFLOW, params)).succeeded().node("fit").ranAttempts(2);
 *   }
 * }
 * }</pre>
 *
 * <p>An annotation on a method wins over one on its class. For options in code, register {@link
 * SluiceExtension#builder()}'s extension with {@code @RegisterExtension} instead (not both).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SluiceExtension.class)
public @interface SluiceTest {

  /**
   * Whether a task that is neither mocked nor {@linkplain #allow() allowed} fails the test, naming
   * the task and the fix (default false: unmocked tasks run for real).
   */
  boolean strict() default false;

  /** Names of the tasks that run for real in strict mode (or allow them with {@code mocks.allow(task)}). */
  String[] allow() default {};

  /** Threads of the engine's task pool. */
  int parallelism() default 4;

  /**
   * Whether the engine runs on a {@link TestClock}: timeouts and retry backoffs fire only when the
   * test advances the injected clock, at once.
   */
  boolean virtualTime() default false;
}
