package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listing snapshots: every readable one, oldest first, the unreadable apart, failures loud. */
class SnapshotListingTest {
  private final AtomicReference<BlobName> failing = new AtomicReference<>();
  private final InMemoryBlobStore memory = new InMemoryBlobStore();
  private final Repository repo =
      TestRepositories.init(
          new ForwardingBlobStore(memory) {
            @Override
            public byte[] get(BlobName name, long maxBytes) {
              if (name.equals(failing.get())) {
                throw new StorageUnavailable("reading " + name + ": connection reset", false, null);
              }
              return super.get(name, maxBytes);
            }
          });

  @ParameterizedTest(name = "{0} snapshots")
  @ValueSource(ints = {5, 300})
  void everySnapshotIsListedOldestFirstAndADamagedOneApart(int count) {
    List<Snapshot> stored = history(count);
    SnapshotId damaged = stored.get(count / 2).id();
    BlobName name = new BlobName(BlobKind.SNAPSHOT, damaged.toHex());
    memory.delete(name);
    memory.putIfAbsent(name, new byte[100]);

    SnapshotStore.Listing listing = repo.snapshots().list();

    List<Snapshot> expected = new ArrayList<>(stored);
    expected.remove(count / 2);
    assertThat(listing.snapshots()).containsExactlyElementsOf(expected);
    assertThat(listing.unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains(damaged.toShortHex());
  }

  @ParameterizedTest(name = "{0} snapshots")
  @ValueSource(ints = {5, 300})
  void aStorageFailureWhileListingFailsTheListingNotOneSnapshot(int count) {
    List<Snapshot> stored = history(count);
    failing.set(new BlobName(BlobKind.SNAPSHOT, stored.get(count - 1).id().toHex()));

    assertThatThrownBy(() -> repo.snapshots().list())
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageContaining("connection reset");
  }

  /** {@code count} snapshots an hour apart, oldest first. */
  private List<Snapshot> history(int count) {
    var root = SnapshotHistories.emptyTree(repo);
    OffsetDateTime t = OffsetDateTime.parse("2026-01-01T00:00:00Z");
    List<Snapshot> stored = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      stored.add(
          SnapshotHistories.store(
              repo, root, SnapshotHistories.snapshot(i, t.plusHours(i), "h", "src", List.of())));
    }
    return stored;
  }
}
