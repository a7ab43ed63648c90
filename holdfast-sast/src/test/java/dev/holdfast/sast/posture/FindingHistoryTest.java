package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SarifText.result;
import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static dev.holdfast.sast.testing.SastRepository.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingHistoryTest {
  private static final AppVersion V1 = app("shop=v1");
  private static final AppVersion V2 = app("shop=v2");
  private static final AppVersion V3 = app("shop=v3");
  private static final AppVersion UNREPORTED = app("shop=v4");

  private final SastRepository sast = new SastRepository();

  @Test
  void eachFindingIsSeenFirstAndLastInTimelineOrder() {
    // reports arrive in an order unlike the deploys: v3 first, v1 last
    sast.ingest("shop", "v3", report(Severity.LOW, c()));
    sast.ingest("shop", "v2", report(Severity.HIGH, a(), c()));
    sast.ingest("shop", "v1", report(Severity.HIGH, a(), b()));
    sast.ingest("blog", "b1", report(Severity.HIGH, a()));
    List<Snapshot> snapshots =
        List.of(
            snapshot(1, SastRepository.START.minus(Duration.ofDays(30)), "db", V1),
            snapshot(2, SastRepository.START.minus(Duration.ofDays(20)), "db", V2),
            snapshot(3, SastRepository.START.minus(Duration.ofDays(10)), "db", V3),
            snapshot(4, SastRepository.START.minus(Duration.ofDays(5)), "db", UNREPORTED),
            snapshot(5, SastRepository.START.minus(Duration.ofDays(5)), "db", app("blog=b1")));
    PostureBook book = PostureBook.forSnapshots(sast.repo(), snapshots);

    List<FindingHistory> histories =
        FindingHistory.of("shop", VersionTimeline.of(snapshots, book), book);

    assertThat(histories)
        .extracting(h -> h.latest().finding().ruleId())
        .containsExactly("A", "B", "C");
    FindingHistory a = histories.get(0);
    FindingHistory b = histories.get(1);
    FindingHistory c = histories.get(2);
    assertThat(a.versions()).containsExactly(V1, V2);
    assertThat(a.firstSeen()).isEqualTo(V1);
    assertThat(a.lastSeen()).isEqualTo(V2);
    assertThat(b.versions()).containsExactly(V1);
    assertThat(b.firstSeen()).isEqualTo(b.lastSeen()).isEqualTo(V1);
    assertThat(c.versions()).containsExactly(V2, V3);
    assertThat(c.latest().finding().severity()).isEqualTo(Severity.LOW);
    assertThat(histories)
        .extracting(FindingHistory::id)
        .doesNotContain(FindingId.of("blog", a.latest().finding()));
  }

  @Test
  void aHistoryHasAtLeastOneVersion() {
    sast.ingest("shop", "v1", report(Severity.HIGH, a()));
    VersionFinding f = List.copyOf(sast.book(V1).findings(V1).findings()).get(0);

    assertThatThrownBy(() -> new FindingHistory(f.id(), List.of(), f))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A report of findings A, B, C (medium, but C as severe as {@code c} says). */
  private static SarifText report(Severity c, SarifText.Result... results) {
    return SarifText.report()
        .run(
            run("T")
                .rule("A", Severity.MEDIUM)
                .rule("B", Severity.MEDIUM)
                .rule("C", c)
                .results(results));
  }

  private static SarifText.Result a() {
    return result("A").fingerprint("a");
  }

  private static SarifText.Result b() {
    return result("B").fingerprint("b");
  }

  private static SarifText.Result c() {
    return result("C").fingerprint("c");
  }
}
