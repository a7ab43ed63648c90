package dev.holdfast.s3;

import dev.holdfast.core.testing.TestRepositories;
import dev.holdfast.core.testing.WritersAndPruneTorture;
import dev.holdfast.s3.testing.LocalS3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The torture run of issue 3 against a real S3 server: four writers, each with its own client, back
 * up and forget while a prune loops beside them; every snapshot left restores bit-exact and {@code
 * check --read-data} passes.
 */
class S3WritersAndPruneTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path tmp;

  @Test
  void fourWritersAndAPruneLoopLoseNothingInS3() throws Exception {
    S3Location location = S3.newBucket("torture");
    TestRepositories.init(S3BlobStore.open(location, S3.options())).close();
    new WritersAndPruneTorture(tmp, () -> S3BlobStore.open(location, S3.options()), 4, 4).run();
  }
}
