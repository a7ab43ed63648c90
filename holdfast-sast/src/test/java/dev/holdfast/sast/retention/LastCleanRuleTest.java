package dev.holdfast.sast.retention;

import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupBy;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.RetentionPlanner;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LastCleanRuleTest {
  private static final AppVersion CLEAN = app("shop=clean");
  private static final AppVersion VULNERABLE = app("shop=vulnerable");
  private static final AppVersion UNREPORTED = app("shop=unreported");
  private static final KeepPolicy LAST_ONE = KeepPolicy.builder().last(1).build();

  private final SastRepository sast = new SastRepository();
  private final Instant t0 = SastRepository.START.minus(Duration.ofDays(100));

  @BeforeEach
  void reports() {
    sast.ingest("shop", "clean", SarifText.report().run(run("T")));
    sast.ingest("shop", "vulnerable", SarifText.oneFinding("R", Severity.CRITICAL, "f"));
  }

  @Test
  void keepsTheThreeNewestCleanSnapshotsOfEachGroupForTheReasonLastClean() {
    List<Snapshot> db =
        List.of(
            snapshot(1, hours(1), "db", CLEAN),
            snapshot(2, hours(2), "db", CLEAN),
            snapshot(3, hours(3), "db", CLEAN),
            snapshot(4, hours(4), "db", VULNERABLE),
            snapshot(5, hours(5), "db", CLEAN),
            snapshot(6, hours(6), "db", CLEAN),
            snapshot(7, hours(7), "db", UNREPORTED));
    List<Snapshot> web =
        List.of(
            snapshot(11, hours(1), "web", CLEAN),
            snapshot(12, hours(2), "web", VULNERABLE),
            snapshot(13, hours(3), "web", VULNERABLE));
    List<Snapshot> all = new ArrayList<>(db);
    all.addAll(web);
    RetentionPlanner planner = planner(3, all);

    Map<Long, List<String>> kept = keptReasons(planner, all);

    assertThat(kept)
        .containsOnlyKeys(7L, 6L, 5L, 3L, 13L, 11L)
        .containsEntry(7L, List.of("last snapshot"))
        .containsEntry(6L, List.of(LastCleanRule.REASON))
        .containsEntry(5L, List.of(LastCleanRule.REASON))
        .containsEntry(3L, List.of(LastCleanRule.REASON))
        .containsEntry(13L, List.of("last snapshot"))
        .containsEntry(11L, List.of(LastCleanRule.REASON));
  }

  @Test
  void theNewestSnapshotWhenCleanIsKeptForBothReasons() {
    List<Snapshot> all =
        List.of(snapshot(1, hours(1), "db", CLEAN), snapshot(2, hours(2), "db", CLEAN));

    Map<Long, List<String>> kept = keptReasons(planner(1, all), all);

    assertThat(kept).containsOnlyKeys(2L).containsEntry(2L, List.of("last snapshot", "last clean"));
  }

  @Test
  void aCountOfZeroKeepsNothingMoreThanThePolicy() {
    List<Snapshot> all =
        List.of(
            snapshot(1, hours(1), "db", CLEAN),
            snapshot(2, hours(2), "db", CLEAN),
            snapshot(3, hours(3), "db", VULNERABLE));

    assertThat(keptReasons(planner(0, all), all))
        .containsOnlyKeys(3L)
        .containsEntry(3L, List.of("last snapshot"));
  }

  @Test
  void aSnapshotWhoseVersionTurnedVulnerableIsNoLongerProtected() {
    List<Snapshot> all =
        List.of(
            snapshot(1, hours(1), "db", CLEAN),
            snapshot(2, hours(2), "db", app("shop=later")),
            snapshot(3, hours(3), "db", VULNERABLE));
    sast.ingest("shop", "later", SarifText.report().run(run("T")));
    assertThat(keptReasons(planner(1, all), all)).containsOnlyKeys(3L, 2L);

    sast.ingest("shop", "later", SarifText.oneFinding("R", Severity.HIGH, "found-late"));

    assertThat(keptReasons(planner(1, all), all)).containsOnlyKeys(3L, 1L);
  }

  @Test
  void aWaivedFindingLetsItsSnapshotsCountAsClean() {
    List<Snapshot> all =
        List.of(
            snapshot(1, hours(1), "db", CLEAN),
            snapshot(2, hours(2), "db", VULNERABLE),
            snapshot(3, hours(3), "db", UNREPORTED));
    FindingId finding =
        sast.book(VULNERABLE).findings(VULNERABLE).findings().iterator().next().id();
    sast.waivers().add("shop", finding, "accepted", SastRepository.START.plusSeconds(60), "me");

    assertThat(keptReasons(planner(1, all), all))
        .containsOnlyKeys(3L, 2L)
        .containsEntry(2L, List.of(LastCleanRule.REASON));
  }

  @Test
  void theProtectedSnapshotsAreChosenOverTheWholeSourceNotTheGroupPlanned() {
    List<Snapshot> all =
        List.of(
            snapshot(1, hours(1), "db", CLEAN),
            snapshot(2, hours(2), "db", CLEAN),
            snapshot(3, hours(3), "db", CLEAN),
            snapshot(4, hours(4), "db", CLEAN));
    LastCleanRule rule = new LastCleanRule(all, 2, sast.judge(Gate.DEFAULT, all));
    List<Snapshot> oldestTwo = all.subList(0, 2);

    List<Decision> planned =
        new RetentionPlanner(List.of(rule)).plan(oldestTwo, ZoneOffset.UTC, hours(5));

    assertThat(rule.kept()).containsExactlyInAnyOrder(all.get(2).id(), all.get(3).id());
    assertThat(planned).noneMatch(Decision::kept);
  }

  @Test
  void aNegativeCountIsRefused() {
    PostureJudge judge = sast.judge(Gate.DEFAULT);

    assertThatThrownBy(() -> new LastCleanRule(List.of(), -1, judge))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private RetentionPlanner planner(int count, List<Snapshot> snapshots) {
    return RetentionPlanner.of(LAST_ONE, Set.of())
        .with(List.of(new LastCleanRule(snapshots, count, sast.judge(Gate.DEFAULT, snapshots))));
  }

  /** The reasons of every kept snapshot, by the number its id was made from. */
  private Map<Long, List<String>> keptReasons(RetentionPlanner planner, List<Snapshot> all) {
    List<Decision> decisions = new ArrayList<>();
    GroupBy.SOURCE
        .group(all)
        .values()
        .forEach(g -> decisions.addAll(planner.plan(g, ZoneOffset.UTC, sast.clock().instant())));
    assertThat(decisions).hasSize(all.size());
    return decisions.stream()
        .filter(Decision::kept)
        .collect(Collectors.toMap(d -> d.snapshot().id().w3(), Decision::reasons));
  }

  private Instant hours(int n) {
    return t0.plus(Duration.ofHours(n));
  }
}
