package dev.holdfast.core.storage.memory;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;

class InMemoryBlobStoreTest extends BlobStoreContract {
  @Override
  protected BlobStore newStore() {
    return new InMemoryBlobStore();
  }
}
