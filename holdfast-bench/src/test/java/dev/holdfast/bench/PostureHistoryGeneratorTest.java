package dev.holdfast.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.SnapshotPosture;
import dev.holdfast.sast.posture.Verdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostureHistoryGeneratorTest {
  private static final char[] PASSPHRASE = "bench".toCharArray();
  private static final long SEED = 3;

  @TempDir Path tmp;

  @Test
  void repositoryHoldsTheSnapshotsWithTheirVersionsAndEveryKindOfVerdict() throws IOException {
    PostureHistoryGenerator.Params params =
        new PostureHistoryGenerator.Params(300, 6, 3, 30, 40, SEED);
    PostureHistoryGenerator.Summary summary =
        new PostureHistoryGenerator(params).generate(tmp.resolve("repo"), PASSPHRASE);

    try (Repository repo =
        Repository.open(LocalBlobStore.open(tmp.resolve("repo")), PASSPHRASE, Clock.systemUTC())) {
      List<Snapshot> snapshots = repo.snapshots().list().snapshots();
      assertThat(snapshots).hasSize(300);
      assertThat(snapshots).allSatisfy(s -> assertThat(s.appVersions()).hasSizeBetween(1, 2));
      assertThat(snapshots.stream().map(Snapshot::source).distinct()).hasSize(6);
      Set<AppVersion> recorded = new HashSet<>();
      snapshots.forEach(s -> recorded.addAll(s.appVersions()));
      assertThat(recorded).hasSizeBetween(20, 30);

      List<SnapshotPosture> postures =
          PostureBook.forSnapshots(repo, snapshots)
              .judge(Gate.DEFAULT, PostureHistoryGenerator.END)
              .of(snapshots);
      assertThat(postures)
          .as("seed %d", SEED)
          .extracting(SnapshotPosture::verdict)
          .contains(Verdict.CLEAN, Verdict.VULNERABLE, Verdict.UNKNOWN);
    }
    assertThat(summary.snapshots()).isEqualTo(300);
    assertThat(summary.versions()).isEqualTo(30);
    assertThat(summary.clean()).as("seed %d", SEED).isPositive();
    assertThat(summary.vulnerable()).as("seed %d", SEED).isPositive();
  }
}
