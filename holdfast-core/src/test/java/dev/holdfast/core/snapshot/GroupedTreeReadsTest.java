package dev.holdfast.core.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.backup.Backup;
import dev.holdfast.core.backup.BackupProgress;
import dev.holdfast.core.backup.BackupRequest;
import dev.holdfast.core.content.BlobType;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.memory.InMemoryBlobStore;
import dev.holdfast.core.testing.CountingStore;
import dev.holdfast.core.testing.TestRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walking a snapshot's trees costs a few reads per tree pack, not one per folder: on object storage
 * each read is a round trip, and a snapshot has thousands of folders in a handful of packs.
 */
class GroupedTreeReadsTest {
  @TempDir Path tmp;

  @Test
  void walkingManyFoldersReadsEachTreePackOnlyAFewTimes() throws Exception {
    Path source = tmp.resolve("source");
    for (int i = 0; i < 300; i++) {
      Path dir = Files.createDirectories(source.resolve("d" + (i % 30)).resolve("e" + i));
      Files.writeString(dir.resolve("f.txt"), "file " + i);
    }
    InMemoryBlobStore memory = new InMemoryBlobStore();
    TestRepositories.init(memory).close();
    Snapshot snapshot;
    try (Repository repo = TestRepositories.open(memory)) {
      snapshot =
          new Backup(repo).run(BackupRequest.of("box", source), new BackupProgress()).snapshot();
    }

    CountingStore counting = new CountingStore(memory);
    try (Repository repo = TestRepositories.open(counting)) {
      Set<String> treePacks = new HashSet<>();
      repo.index()
          .forEach(
              (id, at) -> {
                if (at.type() == BlobType.TREE) {
                  treePacks.add(at.pack().toHex());
                }
              });
      AtomicInteger folders = new AtomicInteger();
      counting.reset();
      new TreeWalker(repo.trees())
          .walk(
              snapshot.tree(),
              (path, entry) -> {
                if (entry instanceof TreeEntry.Directory) {
                  folders.incrementAndGet();
                }
                return true;
              });

      assertThat(folders.get()).isEqualTo(330);
      // Per tree pack: the salt header, one ranged read of the first tree, then the whole pack.
      assertThat(counting.reads(BlobKind.PACK)).hasSizeLessThanOrEqualTo(3 * treePacks.size());
    }
  }
}
