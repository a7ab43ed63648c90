package dev.holdfast.core.repository;

import dev.holdfast.core.content.Compression;
import dev.holdfast.core.snapshot.Tree;
import dev.holdfast.core.snapshot.TreeCodec;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads what every job needs next (zstd's native library, the JSON codecs' classes) on a second
 * thread while the first one derives the passphrase key, which keeps one core busy for a third of a
 * second and leaves the other idle. Only a start-up latency measure: nothing depends on it.
 */
final class Preloader {
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private Preloader() {}

  static void start() {
    if (!STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread t = new Thread(Preloader::run, "holdfast-preload");
    t.setDaemon(true);
    t.start();
  }

  private static void run() {
    try (Compression zstd = new Compression(3)) {
      byte[] sample = TreeCodec.encode(new Tree(List.of()));
      zstd.frame(sample, 0, sample.length);
    } catch (RuntimeException | LinkageError e) {
      // Only a head start: the job itself loads (and reports) whatever fails here.
    }
  }
}
