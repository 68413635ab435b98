package dev.sluice.examples.spring;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot service that hosts Sluice through {@code sluice-spring-boot-starter}: a small
 * scoring workflow, a launch plan running it every 10 seconds (see application.yaml), health and
 * metrics on Actuator ({@code /actuator/health}, {@code /actuator/metrics}).
 *
 * <pre>
 * ./mvnw -q -pl examples/spring-boot -am compile exec:java
 * curl localhost:8080/actuator/health
 * </pre>
 */
@SpringBootApplication
public class QoeService {

  /** Scores of simulated sessions: a deterministic stand-in for reading a window of telemetry. */
  static final Task1<Integer, List<Double>> sessions = Task.named("sessions").of(n ->
      IntStream.range(0, n).mapToObj(i -> 3.0 + Math.sin(i) * 1.5).toList());

  /** The share of sessions below a score. */
  static final Task2<List<Double>, Double, Double> poorShare = Task.named("poor-share").of((scores, bound) ->
      scores.stream().filter(s -> s < bound).count() / (double) scores.size());

  /** The workflow the schedule runs: the share of poor sessions in a window of {@code n}. */
  static final Workflow<Integer, Double> qoeCheck = Workflow.named("qoe-check", Integer.class, (wf, n) ->
      wf.call(poorShare, wf.call(sessions, n), wf.literal(2.0)));

  /** The workflow as a bean: the starter registers it with the engine (resumable after a restart). */
  @Bean
  Workflow<Integer, Double> qoeCheck() {
    return qoeCheck;
  }

  /** Runs the check on a fixed rate from {@code qoe.check.every} (default 10 s). */
  @Bean
  LaunchPlan<Integer, Double> qoeCheckPlan(Workflow<Integer, Double> qoeCheck,
      @org.springframework.beans.factory.annotation.Value("${qoe.check.every:10s}") Duration every) {
    return LaunchPlan.builder("qoe-check-every", qoeCheck).defaultInput(1_000).schedule(Schedule.every(every)).build();
  }

  /** Starts the service. */
  public static void main(String[] args) {
    SpringApplication.run(QoeService.class, args);
  }
}
