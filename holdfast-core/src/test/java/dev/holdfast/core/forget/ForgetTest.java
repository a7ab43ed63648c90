package dev.holdfast.core.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.holdfast.core.NotFound;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.check.Check;
import dev.holdfast.core.check.CheckOptions;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupBy;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.KeepRule;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.snapshot.SnapshotSelection;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.FaultyStore;
import dev.holdfast.core.testing.ObjectLockStore;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.core.testing.TestRepositories;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The forget job on a real repository: what it removes, what it never removes, and crashes. */
class ForgetTest {
  static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
  static final KeepPolicy LAST_TWO = KeepPolicy.builder().last(2).build();

  final InMemoryBlobStore memory = new InMemoryBlobStore();
  final ObjectLockStore store = new ObjectLockStore(memory, CLOCK);
  Repository repo;
  List<Snapshot> web = new ArrayList<>();
  List<Snapshot> db = new ArrayList<>();

  /** Five daily snapshots of "web" and three of "db", oldest first. */
  @BeforeEach
  void history() {
    TestRepositories.init(store).close();
    repo = TestRepositories.open(store, CLOCK);
    ChunkId root = SnapshotHistories.emptyTree(repo);
    OffsetDateTime t = OffsetDateTime.parse("2026-11-10T02:00:00+01:00");
    for (int day = 0; day < 5; day++) {
      web.add(store(root, day, t.plusDays(day), "web", day == 0 ? List.of("prod") : List.of()));
    }
    for (int day = 0; day < 3; day++) {
      db.add(store(root, 10 + day, t.plusDays(day).plusHours(1), "db", List.of()));
    }
  }

  Snapshot store(ChunkId root, long n, OffsetDateTime time, String source, List<String> tags) {
    return SnapshotHistories.store(
        repo, root, SnapshotHistories.snapshot(n, time, "h", source, tags));
  }

  ForgetResult forget(KeepPolicy policy, boolean dryRun) {
    return new Forget(repo)
        .run(ForgetRequest.byPolicy(policy, SnapshotSelection.ALL, ZONE, dryRun));
  }

  Set<SnapshotId> stored() {
    return repo.snapshots().list().snapshots().stream()
        .map(Snapshot::id)
        .collect(Collectors.toSet());
  }

  static Set<SnapshotId> ids(List<Snapshot> snapshots) {
    return snapshots.stream().map(Snapshot::id).collect(Collectors.toSet());
  }

  static Set<SnapshotId> removed(ForgetResult r) {
    return r.groups().stream()
        .flatMap(g -> g.decisions().stream())
        .filter(d -> !d.kept())
        .map(d -> d.snapshot().id())
        .collect(Collectors.toSet());
  }

  @Test
  void aDryRunDecidesForEverySnapshotPerSourceAndRemovesNothing() {
    ForgetResult r = forget(LAST_TWO, true);
    assertThat(r.dryRun()).isTrue();
    assertThat(r.groups()).extracting(g -> g.key().source()).containsExactly("db", "web");
    assertThat(r.groups().get(1).decisions())
        .extracting(d -> d.snapshot().id())
        .containsExactly(
            web.get(4).id(), web.get(3).id(), web.get(2).id(), web.get(1).id(), web.get(0).id());
    assertThat(r.groups().get(1).decisions())
        .extracting(Decision::reasons)
        .containsExactly(
            List.of("last snapshot"), List.of("last snapshot"), List.of(), List.of(), List.of());
    assertThat(r.kept()).isEqualTo(4);
    assertThat(r.removed()).isEqualTo(4);
    assertThat(stored()).hasSize(8);
  }

  @Test
  void forgetRemovesWhatThePolicyDoesNotKeepAndTheRepositoryStaysConsistent() {
    ForgetResult r = forget(LAST_TWO, false);
    assertThat(stored())
        .containsExactlyInAnyOrder(
            web.get(4).id(), web.get(3).id(), db.get(2).id(), db.get(1).id());
    assertThat(removed(r)).hasSize(4);
    assertThat(new Check(repo).run(new CheckOptions(false, 100, 0)).ok()).isTrue();
    assertThat(removed(forget(LAST_TWO, false))).as("a second run removes nothing").isEmpty();
  }

  @Test
  void protectionsKeepSnapshotsThePolicyOrTheNamesWouldRemoveAndSayWhy() {
    KeepRule protectOldestWeb =
        group ->
            c ->
                c.snapshot().id().equals(web.get(0).id())
                    ? Optional.of("protected for a test")
                    : Optional.empty();

    ForgetResult byPolicy =
        new Forget(repo)
            .run(
                ForgetRequest.byPolicy(LAST_TWO, SnapshotSelection.ALL, ZONE, false)
                    .protectedBy(List.of(protectOldestWeb)));
    ForgetResult byName =
        new Forget(repo)
            .run(
                new ForgetRequest(
                        KeepPolicy.EMPTY,
                        GroupBy.SOURCE,
                        SnapshotSelection.ALL,
                        List.of(web.get(0).id().toHex()),
                        ZONE,
                        false)
                    .protectedBy(List.of(protectOldestWeb)));

    assertThat(removed(byPolicy)).hasSize(3).doesNotContain(web.get(0).id());
    assertThat(byName.removed()).isZero();
    assertThat(byName.groups().get(0).decisions().get(0).reasons())
        .containsExactly("protected for a test");
    assertThat(stored()).contains(web.get(0).id());
  }

  @Test
  void aPinnedSnapshotSurvivesAnyPolicyAndSaysWhy() {
    repo.pins().pin(web.get(0).id(), Optional.of("audit"));
    ForgetResult r = forget(LAST_TWO, false);
    assertThat(stored()).contains(web.get(0).id()).doesNotContain(web.get(1).id());
    Decision pinned =
        r.groups().get(1).decisions().stream()
            .filter(d -> d.snapshot().id().equals(web.get(0).id()))
            .findFirst()
            .orElseThrow();
    assertThat(pinned.reasons()).containsExactly("pinned");
  }

  @Test
  void namedSnapshotsAreRemovedUnlessPinnedWhateverTheirAge() {
    repo.pins().pin(web.get(3).id(), Optional.empty());
    List<String> refs = List.of(web.get(4).id().toHex().substring(0, 8), web.get(3).id().toHex());
    ForgetResult r =
        new Forget(repo)
            .run(
                new ForgetRequest(
                    KeepPolicy.EMPTY, GroupBy.SOURCE, SnapshotSelection.ALL, refs, ZONE, false));
    assertThat(r.groups()).hasSize(1);
    assertThat(r.groups().get(0).decisions())
        .extracting(d -> d.snapshot().id(), Decision::reasons)
        .containsExactly(
            tuple(web.get(4).id(), List.of()), tuple(web.get(3).id(), List.of("pinned")));
    assertThat(stored()).hasSize(7).doesNotContain(web.get(4).id()).contains(web.get(3).id());
  }

  @Test
  void latestNamesTheNewestOfTheSelection() {
    SnapshotSelection dbOnly =
        new SnapshotSelection(Optional.of("db"), Optional.empty(), List.of(), new TreeMap<>());
    new Forget(repo)
        .run(
            new ForgetRequest(
                KeepPolicy.EMPTY, GroupBy.SOURCE, dbOnly, List.of("latest"), ZONE, false));
    assertThat(stored()).doesNotContain(db.get(2).id()).contains(web.get(4).id());
  }

  @Test
  void theSelectionLimitsWhatThePolicySees() {
    SnapshotSelection prod =
        new SnapshotSelection(Optional.empty(), Optional.empty(), List.of("prod"), new TreeMap<>());
    ForgetResult r =
        new Forget(repo)
            .run(
                ForgetRequest.byPolicy(
                    KeepPolicy.builder().within(KeepDuration.parse("1d", "x")).build(),
                    prod,
                    ZONE,
                    true));
    assertThat(r.groups()).hasSize(1);
    assertThat(r.groups().get(0).decisions()).hasSize(1).allMatch(Decision::kept);
  }

  @Test
  void anEmptyPolicyWithoutSnapshotsAndAPolicyWithSnapshotsAreRefused() {
    assertThatThrownBy(() -> forget(KeepPolicy.EMPTY, false))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("no policy");
    assertThatThrownBy(
            () ->
                new Forget(repo)
                    .run(
                        new ForgetRequest(
                            LAST_TWO,
                            GroupBy.SOURCE,
                            SnapshotSelection.ALL,
                            List.of(web.get(0).id().toHex()),
                            ZONE,
                            false)))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("not both");
    assertThat(stored()).hasSize(8);
  }

  @Test
  void aSnapshotThatDoesNotExistIsNotFoundAndNothingIsRemoved() {
    assertThatThrownBy(
            () ->
                new Forget(repo)
                    .run(
                        new ForgetRequest(
                            KeepPolicy.EMPTY,
                            GroupBy.SOURCE,
                            SnapshotSelection.ALL,
                            List.of(web.get(0).id().toHex(), "ffffffffff"),
                            ZONE,
                            false)))
        .isInstanceOf(NotFound.class);
    assertThat(stored()).hasSize(8);
  }

  @Test
  void aManifestUnderObjectLockIsKeptWithItsDateAndAnExpiredLockIsNot() {
    Instant until = Instant.parse("2027-01-01T00:00:00Z");
    store.lock(new BlobName(BlobKind.SNAPSHOT, web.get(0).id().toHex()), until);
    store.lock(new BlobName(BlobKind.SNAPSHOT, web.get(1).id().toHex()), NOW.minusSeconds(1));
    ForgetResult r = forget(LAST_TWO, false);
    Decision locked =
        r.groups().get(1).decisions().stream()
            .filter(d -> d.snapshot().id().equals(web.get(0).id()))
            .findFirst()
            .orElseThrow();
    assertThat(locked.kept()).isTrue();
    assertThat(locked.reasons()).containsExactly("object lock until 2027-01-01T00:00:00Z");
    assertThat(stored()).contains(web.get(0).id()).doesNotContain(web.get(1).id());
  }

  @Test
  void aSnapshotPinnedWhileForgetRunsIsNotRemoved() {
    // web keeps 4 and 3; the first delete is of web 2, and at that moment someone pins web 1
    BlobName firstDeleted = new BlobName(BlobKind.SNAPSHOT, web.get(2).id().toHex());
    SnapshotId pinnedLate = web.get(1).id();
    Repository racing =
        TestRepositories.open(
            new PinningStore(
                memory, firstDeleted, () -> repo.pins().pin(pinnedLate, Optional.empty())),
            CLOCK);
    ForgetResult r =
        new Forget(racing)
            .run(ForgetRequest.byPolicy(LAST_TWO, SnapshotSelection.ALL, ZONE, false));
    assertThat(stored()).contains(pinnedLate).doesNotContain(web.get(2).id(), web.get(0).id());
    assertThat(r.groups().get(1).decisions())
        .filteredOn(d -> d.snapshot().id().equals(pinnedLate))
        .singleElement()
        .extracting(Decision::reasons)
        .isEqualTo(List.of("pinned"));
  }

  /** A store that runs {@code action} just before it deletes {@code name}, once. */
  static final class PinningStore extends ForwardingBlobStore {
    private final BlobName name;
    private Runnable action;

    PinningStore(BlobStore inner, BlobName name, Runnable action) {
      super(inner);
      this.name = name;
      this.action = action;
    }

    @Override
    public void delete(BlobName n) {
      if (n.equals(name) && action != null) {
        action.run();
        action = null;
      }
      super.delete(n);
    }
  }

  @Test
  void aForgetInterruptedByStorageFailuresLeavesAConsistentRepositoryAndARerunFinishes() {
    Set<SnapshotId> keep = stored();
    keep.removeAll(removed(forget(LAST_TWO, true)));
    long seed = 0xF0E7L;
    FaultyStore faulty = new FaultyStore(memory, seed).fail(FaultyStore.Request.DELETE, 0.5);
    Repository flaky = TestRepositories.open(faulty, CLOCK);
    int failures = 0;
    for (int attempt = 0; attempt < 50; attempt++) {
      try {
        new Forget(flaky).run(ForgetRequest.byPolicy(LAST_TWO, SnapshotSelection.ALL, ZONE, false));
        break;
      } catch (StorageUnavailable e) {
        failures++;
        // whatever was deleted so far, every manifest left is whole and the kept ones are there
        assertThat(repo.snapshots().list().unreadable()).as("seed %d", seed).isEmpty();
        assertThat(stored()).as("seed %d", seed).containsAll(keep);
        assertThat(new Check(repo).run(new CheckOptions(false, 100, 0)).ok()).isTrue();
      }
    }
    assertThat(failures).as("seed %d injected failures", seed).isPositive();
    assertThat(stored()).as("seed %d", seed).isEqualTo(keep);
  }
}
