package dev.sluice.core.trigger;

import static dev.sluice.core.trigger.Decision.LAUNCHED;
import static dev.sluice.core.trigger.Decision.SKIPPED;
import static dev.sluice.core.trigger.TriggerFixture.decisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.MissedFiringPolicy;
import dev.sluice.core.launch.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cron (with zones and daylight-saving edges) and fixed-rate schedules, and missed firings. */
class ScheduleTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final TriggerFixture f = new TriggerFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static Instant paris(int year, int month, int day, int hour, int minute) {
    return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, PARIS).toInstant();
  }

  @Test
  void cronReadsTheExpressionInItsZone() {
    Instant from = Instant.parse("2024-06-03T08:00:00Z"); // a Monday
    assertThat(Schedule.cron("0 9 * * *", PARIS).next(from)).hasValue(Instant.parse("2024-06-04T07:00:00Z"));
    assertThat(Schedule.cron("0 9 * * *", ZoneId.of("UTC")).next(from)).hasValue(Instant.parse("2024-06-03T09:00:00Z"));
    assertThat(Schedule.cron("0 9 * * MON-FRI", ZoneId.of("Asia/Tokyo")).next(Instant.parse("2024-06-07T01:00:00Z")))
        .hasValue(Instant.parse("2024-06-10T00:00:00Z")); // Friday 10:00 Tokyo has passed: Monday 09:00 Tokyo
  }

  @Test
  void cronAcrossDaylightSavingChanges() {
    Schedule daily = Schedule.cron("30 2 * * *", PARIS);
    // Clocks go forward at 02:00 on 31 March 2024: 02:30 does not exist, the firing comes at 03:00.
    Instant spring = daily.next(paris(2024, 3, 30, 12, 0)).orElseThrow();
    assertThat(spring).isEqualTo(paris(2024, 3, 31, 3, 0)).isEqualTo(Instant.parse("2024-03-31T01:00:00Z"));
    assertThat(daily.next(spring)).hasValue(paris(2024, 4, 1, 2, 30));
    // Clocks go back at 03:00 on 27 October 2024: 02:30 happens twice, the job fires once.
    Instant fall = daily.next(paris(2024, 10, 26, 12, 0)).orElseThrow();
    assertThat(fall).isEqualTo(Instant.parse("2024-10-27T00:30:00Z"));
    assertThat(daily.next(fall)).hasValue(Instant.parse("2024-10-28T01:30:00Z"));
    // An hourly job keeps firing every real hour through both changes.
    Schedule hourly = Schedule.cron("0 * * * *", PARIS);
    assertThat(hourly.next(Instant.parse("2024-10-27T00:00:00Z"))).hasValue(Instant.parse("2024-10-27T01:00:00Z"));
    assertThat(hourly.next(Instant.parse("2024-03-31T00:30:00Z"))).hasValue(Instant.parse("2024-03-31T01:00:00Z"));
    assertThat(hourly.next(Instant.parse("2024-03-31T01:00:00Z"))).hasValue(Instant.parse("2024-03-31T02:00:00Z"));
  }

  @Test
  void cronRefusesWhatIsNotStandardFiveFieldCron() {
    assertThatThrownBy(() -> Schedule.cron("0 0 2 * * ?", PARIS))
        .hasMessageStartingWith("cron expression '0 0 2 * * ?' is not valid (Cron expression contains 6 parts")
        .hasMessageEndingWith("Sluice reads standard 5-field cron: minute hour day-of-month month day-of-week, e.g. '0 2 * * *' for every day at 02:00");
    assertThatThrownBy(() -> Schedule.cron("61 * * * *", PARIS)).hasMessageContaining("Value 61 not in range [0, 59]");
  }

  /**
   * Regression: "0 0 30 2 *" (30 February) and "0 0 31 4 *" (31 April) never fire; in a zone with
   * daylight saving, next() walked the zone's transitions forever looking for a gap to fire in.
   */
  @Test
  @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void cronThatNeverFiresIsRefusedWhenDefinedInsteadOfHanging() {
    for (String never : List.of("0 0 30 2 *", "0 0 31 4 *", "15 3 31 11 *")) {
      for (ZoneId zone : List.of(PARIS, ZoneId.of("America/New_York"), ZoneId.of("UTC"))) {
        assertThatThrownBy(() -> Schedule.cron(never, zone))
            .as("%s in %s", never, zone)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("cron expression '" + never + "' in " + zone.getId() + " never fires")
            .hasMessageContaining("no date matches its day-of-month, month and day-of-week");
      }
    }
    // A date that exists only in some years still fires: 29 February, next in 2028.
    assertThat(Schedule.cron("0 0 29 2 *", PARIS).next(Instant.parse("2024-03-01T00:00:00Z")))
        .hasValue(paris(2028, 2, 29, 0, 0));
  }

  @Test
  void fixedRateFiresAtMultiplesOfItsPeriodFromItsAnchor() {
    Schedule quarter = Schedule.every(Duration.ofMinutes(15));
    assertThat(quarter.next(Instant.parse("2024-06-03T08:07:00Z"))).hasValue(Instant.parse("2024-06-03T08:15:00Z"));
    assertThat(quarter.next(Instant.parse("2024-06-03T08:15:00Z"))).hasValue(Instant.parse("2024-06-03T08:30:00Z"));
    Schedule anchored = Schedule.every(Duration.ofHours(1), Instant.parse("2024-06-03T08:20:00Z"));
    assertThat(anchored.next(Instant.parse("2024-06-01T00:00:00Z"))).hasValue(Instant.parse("2024-06-01T00:20:00Z"));
    assertThat(anchored.describe()).isEqualTo("every 1h from 2024-06-03T08:20:00Z");
    assertThatThrownBy(() -> Schedule.every(Duration.ZERO)).hasMessage("a fixed-rate period must be at least 1 ms, got PT0S");
  }

  private LaunchPlan<Long, Long> hourly(MissedFiringPolicy policy) {
    return LaunchPlan.builder("hourly", f.retrain).defaultInput(1L).schedule(Schedule.every(Duration.ofHours(1)))
        .missedFirings(policy).build();
  }

  @Test
  void theServiceLaunchesAPlanAtEachFiringOfItsSchedules() {
    LaunchPlan<Long, Long> plan =
        LaunchPlan.builder("twice", f.retrain).defaultInput(1L).schedule(Schedule.every(Duration.ofMinutes(20)))
            .schedule(Schedule.cron("45 10 * * *", PARIS)).build();
    TriggerService service = f.start(b -> b.launchPlan(plan));
    f.time.advance(Duration.ofHours(1)); // 08:20, 08:40, 08:45 (10:45 Paris), 09:00
    List<TriggerEvaluation> h = service.history("twice");
    assertThat(h).extracting(TriggerEvaluation::time).containsExactly(
        Instant.parse("2024-06-03T08:20:00Z"), Instant.parse("2024-06-03T08:40:00Z"),
        Instant.parse("2024-06-03T08:45:00Z"), Instant.parse("2024-06-03T09:00:00Z"));
    assertThat(h.get(2).reason()).startsWith("cron '45 10 * * *' Europe/Paris: firing at 2024-06-03T08:45:00Z → launched run retrain-");
    assertThat(h).allSatisfy(e -> assertThat(e.runId()).isPresent());
    f.awaitFinished(4);
  }

  @Test
  void missedFiringsAreSkippedUnderSkip() {
    TriggerService first = f.start(b -> b.launchPlan(hourly(MissedFiringPolicy.SKIP)));
    f.time.advance(Duration.ofHours(2)); // 09:00, 10:00
    first.close();
    f.time.advance(Duration.ofHours(3).plusSeconds(30)); // down through 11:00, 12:00, 13:00; back at 13:00:30
    TriggerService second = f.start(b -> b.launchPlan(hourly(MissedFiringPolicy.SKIP)));
    List<TriggerEvaluation> h = second.history("hourly");
    assertThat(h).extracting(TriggerEvaluation::decision).containsExactly(LAUNCHED, LAUNCHED, SKIPPED, LAUNCHED);
    assertThat(h.get(2).reason()).isEqualTo(
        "2 firings of every 1h missed while the service was down or late (2024-06-03T11:00:00Z … 2024-06-03T12:00:00Z);"
            + " policy SKIP: not run");
    assertThat(h.get(3).reason()).startsWith("every 1h: firing at 2024-06-03T13:00:00Z → launched run "); // 30 s late: on time
    f.time.advance(Duration.ofHours(1));
    assertThat(decisions(second, "hourly")).endsWith(LAUNCHED);
    f.awaitFinished(4);
  }

  @Test
  void missedFiringsRunOnceUnderRunOnce() {
    TriggerService first = f.start(b -> b.launchPlan(hourly(MissedFiringPolicy.RUN_ONCE)));
    f.time.advance(Duration.ofHours(1)); // 09:00
    first.close();
    f.time.advance(Duration.ofMinutes(190)); // down through 10:00, 11:00, 12:00; back at 12:10
    TriggerService second = f.start(b -> b.launchPlan(hourly(MissedFiringPolicy.RUN_ONCE)));
    List<TriggerEvaluation> h = second.history("hourly");
    assertThat(h).extracting(TriggerEvaluation::decision).containsExactly(LAUNCHED, LAUNCHED);
    assertThat(h.get(1).time()).isEqualTo(Instant.parse("2024-06-03T12:10:00Z"));
    assertThat(h.get(1).reason()).startsWith(
        "3 firings of every 1h missed while the service was down or late (2024-06-03T10:00:00Z … 2024-06-03T12:00:00Z);"
            + " policy RUN_ONCE → launched run ");
    f.awaitFinished(2);
    f.time.advance(Duration.ofMinutes(50)); // 13:00 as usual
    assertThat(second.history("hourly")).hasSize(3);
  }

  @Test
  void aScheduleSeenForTheFirstTimeHasMissedNothing() {
    f.time.advance(Duration.ofDays(3));
    TriggerService service = f.start(b -> b.launchPlan(hourly(MissedFiringPolicy.RUN_ONCE)));
    assertThat(service.history("hourly")).isEmpty();
  }
}
