package dev.holdfast.core.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.content.IndexFile;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.IndexId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Loading the index: every index file listed, several read at once, added in the order of the
 * listing; damaged files reported, superseded ones left out, vanished ones listed again.
 */
class IndexLoaderTest {
  private final SecureRandom random = new SecureRandom();
  private final InMemoryBlobStore store = new InMemoryBlobStore();
  private final Map<IndexId, IndexFile> files = new ConcurrentHashMap<>();

  @Test
  void everyListedFileIsLoadedWhenThereAreMoreThanAreReadAhead() {
    for (int i = 0; i < 100; i++) {
      store(List.of(), entry(), entry());
    }

    IndexLoader.Loaded loaded = new IndexLoader(store, files::get).load();

    assertThat(loaded.files()).containsExactlyElementsOf(listed());
    assertThat(loaded.index().size()).isEqualTo(200);
    assertThat(loaded.unreadable()).isEmpty();
    for (IndexFile file : files.values()) {
      for (IndexFile.Entry e : file.entries()) {
        assertThat(loaded.index().get(e.id())).contains(e.location());
      }
    }
  }

  /**
   * The first listed file is only read once the second has been asked for: read one after the
   * other, they would wait for each other forever (the timeout stops a hang, it measures nothing).
   */
  @Test
  void filesAreReadSeveralAtOnceAndAddedInTheOrderOfTheListing() {
    ChunkId shared = ChunkId.random(random);
    IndexFile.Entry inFirst = new IndexFile.Entry(shared, location());
    IndexFile.Entry inSecond = new IndexFile.Entry(shared, location());
    IndexId a = store(List.of(), inFirst);
    IndexId b = store(List.of(), inSecond);
    List<IndexId> order = listed();
    IndexId first = order.get(0);
    IndexId second = order.get(1);
    CountDownLatch secondAsked = new CountDownLatch(1);
    Function<IndexId, IndexFile> reader =
        id -> {
          if (id.equals(second)) {
            secondAsked.countDown();
          } else {
            await(secondAsked);
          }
          return files.get(id);
        };

    IndexLoader.Loaded loaded =
        assertTimeoutPreemptively(
            Duration.ofMinutes(1), () -> new IndexLoader(store, reader).load());

    assertThat(loaded.files()).containsExactly(first, second);
    assertThat(loaded.index().get(shared))
        .as("the entry of the file listed first, which arrived last")
        .contains(first.equals(a) ? inFirst.location() : inSecond.location());
    assertThat(Set.of(a, b)).containsExactlyInAnyOrder(first, second);
  }

  @Test
  void aDamagedFileIsReportedAndTheOthersAreLoaded() {
    IndexId good = store(List.of(), entry());
    IndexId bad = store(List.of(), entry());
    Function<IndexId, IndexFile> reader =
        id -> {
          if (id.equals(bad)) {
            throw new CorruptObject("index file " + id + " failed authentication");
          }
          return files.get(id);
        };

    IndexLoader.Loaded loaded = new IndexLoader(store, reader).load();

    assertThat(loaded.files()).containsExactly(good);
    assertThat(loaded.unreadable())
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).contains(bad.toString()));
    assertThat(loaded.index().size()).isEqualTo(1);
  }

  @Test
  void filesThatAnotherSupersedesAreLeftOut() {
    IndexFile.Entry onlyInOld = entry();
    IndexFile.Entry moved = entry();
    IndexId old = store(List.of(), onlyInOld, moved);
    IndexId kept = store(List.of(), entry());
    IndexId replacement = store(List.of(old), moved);

    IndexLoader.Loaded loaded = new IndexLoader(store, files::get).load();

    assertThat(loaded.files()).containsExactlyInAnyOrder(kept, replacement);
    assertThat(loaded.index().contains(onlyInOld.id())).isFalse();
    assertThat(loaded.index().get(moved.id())).contains(moved.location());
    assertThat(loaded.index().size()).isEqualTo(2);
  }

  @Test
  void aFileThatVanishesAfterTheListingIsListedAgain() {
    IndexId stays = store(List.of(), entry());
    IndexId vanishes = store(List.of(), entry());
    Function<IndexId, IndexFile> reader =
        id -> {
          if (id.equals(vanishes)) {
            // A prune deleted it between the listing and the read.
            store.delete(name(id));
            throw new NoSuchBlob(name(id).path() + " does not exist");
          }
          return files.get(id);
        };

    IndexLoader.Loaded loaded = new IndexLoader(store, reader).load();

    assertThat(loaded.files()).containsExactly(stays);
  }

  @Test
  void filesThatSuccessivePrunesKeepReplacingAreListedAgainUntilOneListingHolds() {
    IndexId[] current = {store(List.of(), entry())};
    int[] prunes = {0};
    Function<IndexId, IndexFile> reader =
        id -> {
          if (prunes[0] < 5) {
            // One prune after another replaces the file between a listing and its read.
            prunes[0]++;
            IndexId replacement = store(List.of(current[0]), entry());
            store.delete(name(current[0]));
            current[0] = replacement;
            throw new NoSuchBlob(name(id).path() + " does not exist");
          }
          return files.get(id);
        };

    IndexLoader.Loaded loaded = new IndexLoader(store, reader).load();

    assertThat(prunes[0]).isEqualTo(5);
    assertThat(loaded.files()).containsExactly(current[0]);
  }

  @Test
  void filesThatKeepVanishingFailWithAClearMessage() {
    store(List.of(), entry());
    IndexId ghost = store(List.of(), entry());
    Function<IndexId, IndexFile> reader =
        id -> {
          if (id.equals(ghost)) {
            throw new NoSuchBlob(name(id).path() + " does not exist");
          }
          return files.get(id);
        };

    assertThatThrownBy(() -> new IndexLoader(store, reader).load())
        .isInstanceOf(StorageUnavailable.class)
        .hasMessageContaining("index files keep vanishing")
        .hasMessageContaining(ghost.toHex());
  }

  private IndexId store(List<IndexId> supersedes, IndexFile.Entry... entries) {
    IndexId id = IndexId.random(random);
    files.put(id, new IndexFile(supersedes, List.of(entries)));
    store.putIfAbsent(name(id), new byte[] {1});
    return id;
  }

  private List<IndexId> listed() {
    return store.list(BlobKind.INDEX).stream()
        .map(BlobInfo::name)
        .map(n -> IndexId.fromHex(n.name()))
        .toList();
  }

  private static BlobName name(IndexId id) {
    return new BlobName(BlobKind.INDEX, id.toHex());
  }

  private IndexFile.Entry entry() {
    return new IndexFile.Entry(ChunkId.random(random), location());
  }

  private BlobLocation location() {
    byte[] pack = new byte[32];
    random.nextBytes(pack);
    return new BlobLocation(PackId.of(pack), BlobType.DATA, 100, 50, 60);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(1, TimeUnit.MINUTES)) {
        throw new IllegalStateException("index files were read one after the other");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
