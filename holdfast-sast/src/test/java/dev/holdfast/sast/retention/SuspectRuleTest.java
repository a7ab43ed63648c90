package dev.holdfast.sast.retention;

import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.RetentionPlanner;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SuspectRuleTest {
  private static final AppVersion CLEAN = app("shop=clean");
  private static final AppVersion VULNERABLE = app("shop=vulnerable");
  private static final AppVersion UNREPORTED = app("shop=unreported");
  private static final KeepDuration WEEK = KeepDuration.parse("7d", "--keep-suspect-for");

  private final SastRepository sast = new SastRepository();
  private Instant now;

  @BeforeEach
  void reports() {
    sast.ingest("shop", "clean", SarifText.report().run(run("T")));
    sast.ingest("shop", "vulnerable", SarifText.oneFinding("R", Severity.HIGH, "f"));
    now = sast.clock().instant();
  }

  @Test
  void keepsVulnerableSnapshotsYoungerThanTheDurationOnly() {
    List<Snapshot> all =
        List.of(
            snapshot(1, now.minus(Duration.ofDays(8)), "db", VULNERABLE),
            snapshot(2, now.minus(Duration.ofDays(7)), "db", VULNERABLE),
            snapshot(3, now.minus(Duration.ofDays(7)).plusSeconds(1), "db", VULNERABLE),
            snapshot(4, now.minus(Duration.ofDays(1)), "db", CLEAN),
            snapshot(5, now.minus(Duration.ofDays(1)), "db", UNREPORTED),
            snapshot(6, now.minus(Duration.ofHours(1)), "db", VULNERABLE, CLEAN));

    List<Decision> decisions = rule(all).plan(all, ZoneOffset.UTC, now);

    assertThat(decisions)
        .filteredOn(Decision::kept)
        .extracting(d -> d.snapshot().id().w3())
        .containsExactly(6L, 3L);
    assertThat(decisions)
        .filteredOn(Decision::kept)
        .allSatisfy(d -> assertThat(d.reasons()).containsExactly(SuspectRule.REASON));
  }

  @Test
  void theDurationIsMeasuredBackFromNowNotFromTheNewestSnapshot() {
    List<Snapshot> all =
        List.of(
            snapshot(1, now.minus(Duration.ofDays(31)), "db", VULNERABLE),
            snapshot(2, now.minus(Duration.ofDays(30)), "db", VULNERABLE));

    assertThat(rule(all).plan(all, ZoneOffset.UTC, now)).noneMatch(Decision::kept);
  }

  @Test
  void withAPolicySuspectSnapshotsAreKeptBesidesWhatThePolicyKeeps() {
    List<Snapshot> all =
        List.of(
            snapshot(1, now.minus(Duration.ofDays(3)), "db", VULNERABLE),
            snapshot(2, now.minus(Duration.ofDays(2)), "db", CLEAN),
            snapshot(3, now.minus(Duration.ofDays(1)), "db", CLEAN));
    RetentionPlanner planner =
        RetentionPlanner.of(KeepPolicy.builder().last(1).build(), Set.of())
            .with(List.of(new SuspectRule(WEEK, sast.judge(Gate.DEFAULT, all))));

    List<Decision> decisions = planner.plan(all, ZoneOffset.UTC, now);

    assertThat(decisions)
        .extracting(d -> d.snapshot().id().w3(), Decision::reasons)
        .containsExactly(
            tuple(3L, List.of("last snapshot")),
            tuple(2L, List.of()),
            tuple(1L, List.of(SuspectRule.REASON)));
  }

  @Test
  void aZeroDurationIsRefused() {
    assertThatThrownBy(() -> new SuspectRule(KeepDuration.NONE, sast.judge(Gate.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private RetentionPlanner rule(List<Snapshot> all) {
    return new RetentionPlanner(List.of(new SuspectRule(WEEK, sast.judge(Gate.DEFAULT, all))));
  }
}
