package dev.holdfast.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.storage.local.LocalBlobStore;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a decorator changes about puts holds for puts of streams too. */
class ForwardingBlobStoreTest {
  private static final BlobName PACK = new BlobName(BlobKind.PACK, "3f".repeat(32));

  @Test
  void aStreamReachesTheDecoratorsPutWholeThoughItsStoreTakesStreams(@TempDir Path tmp) {
    BlobStore local = LocalBlobStore.create(tmp.resolve("repo"));
    assertThat(local.streamsPuts()).isTrue();
    BlobStore refusing =
        new ForwardingBlobStore(local) {
          @Override
          public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
            throw new IllegalStateException("refused " + name + ", " + length + " bytes");
          }
        };

    assertThat(refusing.streamsPuts()).isFalse();
    assertThatThrownBy(
            () -> refusing.putIfAbsent(PACK, new ByteArrayInputStream(new byte[100]), 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("refused " + PACK + ", 100 bytes");
    assertThat(local.stat(PACK)).isEmpty();
  }
}
