package dev.holdfast.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.testing.CountingStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.s3.testing.LocalS3;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot cache over a real S3 server: the bucket listing's sizes match the manifests, so a
 * warm listing fetches no manifest, and one written or removed by another client is seen.
 */
class S3SnapshotCacheTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path tmp;

  private final Queue<String> warnings = new ConcurrentLinkedQueue<>();

  @Test
  void aWarmListingFetchesOnlyWhatAnotherClientAdded() {
    S3Location location = S3.newBucket("cached");
    List<Snapshot> stored = new ArrayList<>();
    try (Repository writer = TestRepositories.init(S3BlobStore.open(location, S3.options()))) {
      ChunkId root = SnapshotHistories.emptyTree(writer);
      OffsetDateTime t = OffsetDateTime.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < 12; i++) {
        stored.add(
            SnapshotHistories.store(
                writer,
                root,
                SnapshotHistories.snapshot(i, t.plusHours(i), "h", "src", List.of())));
      }
    }
    assertThat(listing(location, stored.size())).containsExactlyElementsOf(stored);
    assertThat(listing(location, 0)).containsExactlyElementsOf(stored);

    try (Repository other = TestRepositories.open(S3BlobStore.open(location, S3.options()))) {
      other.snapshots().delete(stored.remove(4).id());
      Snapshot last = stored.get(stored.size() - 1);
      Snapshot next =
          SnapshotHistories.snapshot(
              99, stored.get(stored.size() - 1).time().plusHours(1), "h", "src", List.of());
      stored.add(other.snapshots().save(next));
    }
    assertThat(listing(location, 1)).containsExactlyElementsOf(stored);
    assertThat(warnings).isEmpty();
  }

  /** Lists through the cache with a client of its own, expecting {@code fetches} manifest reads. */
  private List<Snapshot> listing(S3Location location, int fetches) {
    CountingStore counting = new CountingStore(S3BlobStore.open(location, S3.options()));
    try (Repository repo = TestRepositories.open(counting)) {
      repo.cacheSnapshotsIn(tmp.resolve("cache"), warnings::add);
      List<Snapshot> listed = repo.snapshots().list().snapshots();
      assertThat(counting.reads(BlobKind.SNAPSHOT)).hasSize(fetches);
      return listed;
    }
  }
}
