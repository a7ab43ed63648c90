package dev.holdfast.core.testing;

import dev.holdfast.core.chunking.ChunkerParams;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.repository.InitOptions;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobStore;
import java.time.Clock;

/**
 * Repositories for tests: a fast (insecure) key derivation, small chunks and small packs, so that a
 * few megabytes of test data exercise many chunks and several packs.
 */
public final class TestRepositories {
  /** The passphrase every test repository is created with. */
  public static final String PASSPHRASE = "correct horse battery staple";

  /** 4 KiB / 16 KiB / 64 KiB chunks. */
  public static final ChunkerParams SMALL_CHUNKS =
      new ChunkerParams(4 * 1024, 16 * 1024, 64 * 1024);

  private TestRepositories() {}

  /** Options for tests: small chunks, 1 MiB packs, fast KDF. */
  public static InitOptions options() {
    return InitOptions.defaults()
        .withKdf(KdfParams.forTests())
        .withChunker(SMALL_CHUNKS)
        .withPackSize(1024 * 1024);
  }

  /** Creates a test repository in {@code store}. */
  public static Repository init(BlobStore store) {
    return Repository.init(
        store, PASSPHRASE.toCharArray(), options(), "testhost", "tester", Clock.systemUTC());
  }

  /** Opens a test repository in {@code store}. */
  public static Repository open(BlobStore store) {
    return open(store, Clock.systemUTC());
  }

  /** Opens a test repository in {@code store} that reads the time from {@code clock}. */
  public static Repository open(BlobStore store, Clock clock) {
    return Repository.open(store, PASSPHRASE.toCharArray(), clock);
  }
}
