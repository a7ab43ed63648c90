package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionTimelineTest {
  private final SastRepository sast = new SastRepository();
  private final Instant t0 = SastRepository.START;

  @Test
  void versionsAreOrderedByTheirOldestSnapshotOrEarlierFirstReport() {
    SarifText empty = SarifText.report().run(run("T"));
    sast.ingest("shop", "ci-only", empty); // t0, never deployed
    sast.ingest("shop", "early", empty); // t0 + 1s, deployed on day 3
    sast.clock().advance(Duration.ofDays(5));
    sast.ingest("shop", "v1", empty); // reported after its backups
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, days(2), "db", app("shop=v2")),
            snapshot(2, days(1), "db", app("shop=v1")),
            snapshot(3, days(3), "db", app("shop=early")),
            snapshot(4, days(4), "db", app("shop=v2")),
            snapshot(5, days(1), "db", app("blog=b1")));

    VersionTimeline timeline = VersionTimeline.of(snapshots, PostureBook.loadAll(sast.repo()));

    assertThat(timeline.versionsOf("shop"))
        .containsExactly(app("shop=ci-only"), app("shop=early"), app("shop=v1"), app("shop=v2"));
    assertThat(timeline.firstSeen(app("shop=early"))).contains(t0.plusSeconds(1));
    assertThat(timeline.firstSeen(app("shop=v1"))).contains(days(1));
    assertThat(timeline.firstSeen(app("shop=v9"))).isEmpty();
    assertThat(timeline.snapshots(app("shop=v2"))).isEqualTo(2);
    assertThat(timeline.snapshots(app("shop=ci-only"))).isZero();
    assertThat(timeline.apps()).containsExactly("blog", "shop");
    assertThat(timeline.versionsOf("blog")).containsExactly(app("blog=b1"));
  }

  @Test
  void versionsFirstSeenAtTheSameTimeAreOrderedByVersionId() {
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, days(1), "db", app("shop=c"), app("shop=a")),
            snapshot(2, days(1), "web", app("shop=b")));

    VersionTimeline timeline = VersionTimeline.of(snapshots, sast.book());

    assertThat(timeline.versionsOf("shop"))
        .containsExactly(app("shop=a"), app("shop=b"), app("shop=c"));
  }

  private Instant days(int n) {
    return t0.plus(Duration.ofDays(n));
  }
}
