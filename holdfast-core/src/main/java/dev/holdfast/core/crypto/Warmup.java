package dev.holdfast.core.crypto;

import dev.holdfast.core.concurrent.DaemonThreads;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gets the JIT to compile the AES-GCM, GHASH and SHA-256 paths early. JDK 17 runs them as slow Java
 * until C2 compiles them with their CPU intrinsics, and it decides that by call counts: a few
 * thousand small calls on a spare thread at start-up reach it in a fraction of a second, where a
 * backup's few large calls would run hundreds of megabytes slowly first. Uses a throw-away key.
 */
public final class Warmup {
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final int ROUNDS = 5000;
  private static final int SIZE = 256;

  private Warmup() {}

  /** Starts the warm-up once per process on a background thread; later calls do nothing. */
  public static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = DaemonThreads.named("holdfast-warmup").newThread(Warmup::run);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  static void run() {
    SecureRandom random = new SecureRandom();
    MasterKey key = MasterKey.generate(random);
    try {
      ChunkHasher hasher = key.newChunkHasher();
      PackCipher cipher = key.newPackCipher(random);
      byte[] plain = new byte[SIZE];
      byte[] sealed = new byte[SIZE + PackCipher.TAG_BYTES];
      byte[] aad = new byte[33];
      for (int i = 0; i < ROUNDS; i++) {
        cipher.seal(i, aad, plain, 0, plain.length, sealed, 0);
        cipher.open(i, aad, sealed, 0, sealed.length);
        hasher.hash(plain, 0, plain.length);
      }
    } finally {
      key.destroy();
    }
  }
}
