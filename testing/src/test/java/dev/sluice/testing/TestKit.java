package dev.sluice.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a fixture test class inside a test, to see what the extension reports about it. Fixture
 * classes carry {@code @ExtendWith(TestKit.FixtureOnly.class)}: they run only when launched here.
 */
final class TestKit {
  private static final String FIXTURES = "sluice.testing.fixtures";

  private TestKit() {}

  static EngineExecutionResults run(Class<?> fixture) {
    return EngineTestKit.engine("junit-jupiter")
        .configurationParameter(FIXTURES, "true")
        .selectors(selectClass(fixture))
        .execute();
  }

  /** Why each failed test (or container) failed, in order. */
  static List<Throwable> failures(List<Event> failed) {
    return failed.stream()
        .map(e -> e.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow())
        .toList();
  }

  /** Why each failed test failed, by its display name ({@code method(Parameter)}). */
  static Map<String, Throwable> failuresByTest(EngineExecutionResults results) {
    Map<String, Throwable> out = new LinkedHashMap<>();
    for (Event e : results.testEvents().failed().list()) {
      out.put(e.getTestDescriptor().getDisplayName(), failures(List.of(e)).get(0));
    }
    return out;
  }

  /** The failure of the one test {@code fixture} holds, which must have failed. */
  static Throwable onlyFailure(Class<?> fixture) {
    EngineExecutionResults results = run(fixture);
    results.testEvents().assertStatistics(s -> s.started(1).failed(1));
    return failures(results.testEvents().failed().list()).get(0);
  }

  /** Enables a fixture class only under {@link TestKit#run}. */
  static final class FixtureOnly implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(FIXTURES).isPresent()
          ? ConditionEvaluationResult.enabled("run by TestKit")
          : ConditionEvaluationResult.disabled("a fixture: runs only inside the test that launches it");
    }
  }
}
