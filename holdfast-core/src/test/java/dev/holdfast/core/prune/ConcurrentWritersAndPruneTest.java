package dev.holdfast.core.prune;

import dev.holdfast.core.storage.local.LocalBlobStore;
import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.WritersAndPruneTorture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four writers and a prune loop on one local repository lose nothing (the S3 module runs it too).
 */
class ConcurrentWritersAndPruneTest {
  @TempDir Path tmp;

  @Test
  void writersAndAPruneLoopLoseNothing() throws Exception {
    Path root = tmp.resolve("repo");
    TestRepositories.init(LocalBlobStore.create(root)).close();
    new WritersAndPruneTorture(tmp, () -> LocalBlobStore.open(root), 4, 5).run();
  }

  @Test
  void writersAndAPruneLoopSharingOneSnapshotCacheLoseNothing() throws Exception {
    Path root = tmp.resolve("repo");
    TestRepositories.init(LocalBlobStore.create(root)).close();
    new WritersAndPruneTorture(tmp, () -> LocalBlobStore.open(root), 3, 4)
        .withSnapshotCache(tmp.resolve("cache"))
        .run();
  }
}
