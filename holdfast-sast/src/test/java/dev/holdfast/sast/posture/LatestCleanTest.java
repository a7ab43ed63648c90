package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatestCleanTest {
  private static final AppVersion V1 = app("shop=v1");
  private static final AppVersion V2 = app("shop=v2");
  private static final AppVersion V3 = app("shop=v3");

  private final SastRepository sast = new SastRepository();
  private final Instant t0 = SastRepository.START;

  @Test
  void picksTheNewestCleanSnapshotAndListsEveryNewerOneNewestFirst() {
    sast.ingest("shop", "v1", SarifText.report().run(run("T")));
    sast.ingest("shop", "v2", SarifText.oneFinding("R", Severity.CRITICAL, "f"));
    Snapshot cleanOld = snapshot(1, hours(1), "db", V1);
    Snapshot cleanNew = snapshot(2, hours(2), "db", V1);
    Snapshot vulnerable = snapshot(3, hours(3), "db", V2);
    Snapshot unknown = snapshot(4, hours(4), "db", V3);
    List<Snapshot> shuffled = List.of(vulnerable, cleanOld, unknown, cleanNew);

    LatestClean choice = LatestClean.among(shuffled, sast.judge(Gate.DEFAULT, shuffled));

    assertThat(choice.chosen()).map(SnapshotPosture::snapshot).contains(cleanNew);
    assertThat(choice.skipped())
        .extracting(SnapshotPosture::snapshot, SnapshotPosture::verdict)
        .containsExactly(tuple(unknown, Verdict.UNKNOWN), tuple(vulnerable, Verdict.VULNERABLE));
    assertThat(choice.skipped().get(0).why()).isEqualTo("no report for shop=v3");
    assertThat(choice.skipped().get(1).why()).startsWith("shop=v2 has 1 critical open");
  }

  @Test
  void withNoCleanSnapshotNothingIsChosenAndEverySnapshotIsSkipped() {
    sast.ingest("shop", "v2", SarifText.oneFinding("R", Severity.HIGH, "f"));
    List<Snapshot> snapshots =
        List.of(snapshot(1, hours(1), "db", V2), snapshot(2, hours(2), "db", V3));

    LatestClean choice = LatestClean.among(snapshots, sast.judge(Gate.DEFAULT, snapshots));

    assertThat(choice.chosen()).isEmpty();
    assertThat(choice.skipped())
        .extracting(SnapshotPosture::snapshot)
        .containsExactly(snapshots.get(1), snapshots.get(0));
  }

  @Test
  void noCandidatesChooseNothing() {
    LatestClean choice = LatestClean.among(List.of(), sast.judge(Gate.DEFAULT, List.of()));

    assertThat(choice.chosen()).isEmpty();
    assertThat(choice.skipped()).isEmpty();
  }

  @Test
  void aStricterGateFallsBackFurther() {
    sast.ingest("shop", "v1", SarifText.report().run(run("T")));
    sast.ingest("shop", "v2", SarifText.oneFinding("R", Severity.MEDIUM, "f"));
    List<Snapshot> snapshots =
        List.of(snapshot(1, hours(1), "db", V1), snapshot(2, hours(2), "db", V2));

    LatestClean high = LatestClean.among(snapshots, sast.judge(Gate.DEFAULT, snapshots));
    LatestClean medium = LatestClean.among(snapshots, sast.judge(Gate.parse("medium"), snapshots));

    assertThat(high.chosen()).map(SnapshotPosture::snapshot).contains(snapshots.get(1));
    assertThat(medium.chosen()).map(SnapshotPosture::snapshot).contains(snapshots.get(0));
  }

  @Test
  void aReportForAnOldVersionArrivingAfterNewerBackupsMovesTheChoiceBack() {
    sast.ingest("shop", "v1", SarifText.report().run(run("T")));
    sast.ingest("shop", "v2", SarifText.report().run(run("T")));
    sast.ingest("shop", "v3", SarifText.oneFinding("R", Severity.CRITICAL, "new-bug"));
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, hours(1), "db", V1),
            snapshot(2, hours(2), "db", V1),
            snapshot(3, hours(3), "db", V2),
            snapshot(4, hours(4), "db", V2),
            snapshot(5, hours(5), "db", V3));
    assertThat(LatestClean.among(snapshots, sast.judge(Gate.DEFAULT, snapshots)).chosen())
        .map(p -> p.snapshot().id())
        .contains(snapshots.get(3).id());

    sast.clock().advance(Duration.ofDays(2));
    sast.ingest("shop", "v2", SarifText.oneFinding("R", Severity.HIGH, "old-bug"));
    LatestClean after = LatestClean.among(snapshots, sast.judge(Gate.DEFAULT, snapshots));

    assertThat(after.chosen()).map(SnapshotPosture::snapshot).contains(snapshots.get(1));
    assertThat(after.skipped())
        .extracting(p -> p.snapshot().id())
        .containsExactly(snapshots.get(4).id(), snapshots.get(3).id(), snapshots.get(2).id());
    assertThat(after.skipped().get(1).why()).isEqualTo("shop=v2 has 1 high open (gate high)");
  }

  private Instant hours(int n) {
    return t0.plus(Duration.ofHours(n));
  }
}
