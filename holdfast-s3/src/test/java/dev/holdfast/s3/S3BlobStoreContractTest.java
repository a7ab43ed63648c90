package dev.holdfast.s3;

import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.BlobStoreContract;
import dev.holdfast.s3.testing.LocalS3;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract, against a real S3Proxy: a repository under a prefix of a new bucket. */
class S3BlobStoreContractTest extends BlobStoreContract {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  private S3Location location;

  @Override
  protected BlobStore newStore() {
    location = S3.newBucket("repos/contract");
    return S3BlobStore.open(location, S3.options());
  }

  @Override
  protected void cleanup() {
    S3.server().deleteBucket(location);
  }
}
