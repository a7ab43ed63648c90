package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PinStoreTest {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  final InMemoryBlobStore store = new InMemoryBlobStore();
  Repository repo;
  Snapshot first;
  Snapshot second;

  @BeforeEach
  void twoSnapshots() {
    TestRepositories.init(store).close();
    repo = TestRepositories.open(store, Clock.fixed(NOW, ZoneOffset.UTC));
    var root = SnapshotHistories.emptyTree(repo);
    OffsetDateTime t = OffsetDateTime.parse("2026-11-01T10:00:00Z");
    first =
        SnapshotHistories.store(
            repo, root, SnapshotHistories.snapshot(1, t, "h", "web", List.of()));
    second =
        SnapshotHistories.store(
            repo, root, SnapshotHistories.snapshot(2, t.plusDays(1), "h", "web", List.of()));
  }

  @Test
  void pinRecordsTheTimeAndNoteAndPinningAgainKeepsTheFirst() {
    PinStore pins = repo.pins();
    PinStore.Pinned made = pins.pin(first.id(), Optional.of("before the migration"));
    assertThat(made.created()).isTrue();
    assertThat(made.pin()).isEqualTo(new Pin(first.id(), NOW, Optional.of("before the migration")));
    assertThat(pins.isPinned(first.id())).isTrue();
    assertThat(pins.isPinned(second.id())).isFalse();

    PinStore.Pinned again = pins.pin(first.id(), Optional.of("another note"));
    assertThat(again.created()).isFalse();
    assertThat(again.pin().note()).contains("before the migration");
    assertThat(pins.list().pins()).containsExactly(made.pin());
    assertThat(pins.pinnedIds()).containsExactly(first.id());
  }

  @Test
  void pinningAMissingSnapshotIsNotFound() {
    SnapshotId missing = SnapshotHistories.idOf(99);
    assertThatThrownBy(() -> repo.pins().pin(missing, Optional.empty()))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining(missing.toShortHex());
    assertThat(store.list(BlobKind.PIN)).isEmpty();
  }

  @Test
  void unpinSaysWhetherTheSnapshotWasPinned() {
    repo.pins().pin(second.id(), Optional.empty());
    assertThat(repo.pins().unpin(second.id())).isTrue();
    assertThat(repo.pins().unpin(second.id())).isFalse();
    assertThat(repo.pins().isPinned(second.id())).isFalse();
  }

  @Test
  void aNoteWithControlCharactersOrTooLongIsAUsageErrorAndNothingIsStored() {
    assertThatThrownBy(() -> repo.pins().pin(first.id(), Optional.of("line\nbreak")))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("control characters");
    assertThatThrownBy(() -> repo.pins().pin(first.id(), Optional.of("x".repeat(1001))))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("1000");
    assertThat(repo.pins().isPinned(first.id())).isFalse();
  }

  @Test
  void aPinIsSealedAndBoundToItsSnapshotButADamagedPinStillProtects() {
    repo.pins().pin(first.id(), Optional.of("secret reason"));
    BlobName own = new BlobName(BlobKind.PIN, first.id().toHex());
    byte[] sealed = store.get(own);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("secret reason");

    BlobName other = new BlobName(BlobKind.PIN, second.id().toHex());
    store.putIfAbsent(other, sealed); // a pin moved to another snapshot's name
    assertThatThrownBy(() -> repo.pins().load(second.id()))
        .isInstanceOf(CorruptObject.class)
        .hasMessageContaining(second.id().toShortHex());
    assertThat(repo.pins().pinnedIds()).containsExactlyInAnyOrder(first.id(), second.id());
    PinStore.Listing listing = repo.pins().list();
    assertThat(listing.pins()).extracting(Pin::snapshot).containsExactly(first.id());
    assertThat(listing.unreadable()).hasSize(1);
  }
}
