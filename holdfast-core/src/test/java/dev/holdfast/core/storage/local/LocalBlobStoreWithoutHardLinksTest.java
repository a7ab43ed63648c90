package dev.holdfast.core.storage.local;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract over the rename fallback used where the filesystem has no hard links. */
class LocalBlobStoreWithoutHardLinksTest extends BlobStoreContract {
  @TempDir Path temp;

  @Override
  protected BlobStore newStore() {
    Path root = temp.resolve("repo");
    LocalBlobStore.create(root).close();
    return LocalBlobStore.openWithoutHardLinks(root);
  }
}
