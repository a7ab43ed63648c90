package dev.holdfast.core.restore;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The data phase of a restore: reads every blob the planned files need exactly once, pack by pack
 * on worker threads, in ranges that merge neighbouring blobs, and writes each wherever it is used;
 * runs of zeros become holes. A blob that cannot be read marks its files incomplete; the rest goes
 * on.
 */
final class DataWriter {
  /** Largest byte range read from a pack at once. */
  private static final int MAX_RANGE = 4 * 1024 * 1024;

  /** Gap between needed blobs that is still read through rather than split. */
  private static final int MAX_GAP = 1024 * 1024;

  private record Use(ChunkId id, BlobLocation at, FileSink sink, long position) {}

  private final Repository repo;
  private final int threads;

  DataWriter(Repository repo, int threads) {
    this.repo = repo;
    this.threads = threads;
  }

  /**
   * Reads every needed blob once, pack by pack in parallel, and writes it wherever it is used.
   * {@code fileDone} gets each file with data and its outcome once all of it is written or given up
   * on, on the thread that finished it: a worker, or the calling thread for a file none of whose
   * chunks is in the index.
   */
  long write(
      RestorePlan plan,
      boolean sparse,
      RestoreProgress progress,
      BiConsumer<RestorePlan.FileJob, FileSink.Outcome> fileDone) {
    Warmup.start();
    ChunkIndex index = repo.index();
    Map<PackId, List<Use>> byPack = new HashMap<>();
    long total = 0;
    for (RestorePlan.FileJob job : plan.files) {
      List<ChunkId> content = job.entry().content();
      if (content.isEmpty()) {
        continue;
      }
      FileSink sink =
          new FileSink(
              job.rel(),
              job.path(),
              job.entry().size(),
              content.size(),
              outcome -> fileDone.accept(job, outcome));
      long position = 0;
      for (int i = 0; i < content.size(); i++) {
        ChunkId id = content.get(i);
        Optional<BlobLocation> at = index.get(id);
        if (at.isEmpty()) {
          // Without the missing chunk's length, later chunks have no known offset: writing them
          // would put good data in wrong places. The file keeps its size, zeros from here on.
          plan.problem(
              job.rel(),
              "chunk "
                  + id
                  + " is missing from the repository; the file is incomplete from byte "
                  + position);
          for (int rest = i; rest < content.size(); rest++) {
            abandon(sink, plan);
          }
          break;
        }
        byPack
            .computeIfAbsent(at.get().pack(), p -> new ArrayList<>())
            .add(new Use(id, at.get(), sink, position));
        position += at.get().rawLength();
      }
      total += position;
    }
    progress.totalBytes.set(total);
    progress.totalFiles.set(plan.files.size());
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("holdfast-restore"));
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Map.Entry<PackId, List<Use>> e : byPack.entrySet()) {
        work.add(pool.submit(() -> restorePack(e.getKey(), e.getValue(), sparse, plan, progress)));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("restore interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof HoldfastException h) {
        throw h;
      }
      throw new IllegalStateException("restore failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return progress.bytesDone();
  }

  private void restorePack(
      PackId pack, List<Use> uses, boolean sparse, RestorePlan plan, RestoreProgress progress) {
    uses.sort(Comparator.comparingInt((Use u) -> u.at().offset()).thenComparingLong(Use::position));
    int i = 0;
    while (i < uses.size()) {
      int start = uses.get(i).at().offset();
      int end = start + uses.get(i).at().length();
      int j = i + 1;
      while (j < uses.size()) {
        BlobLocation next = uses.get(j).at();
        int nextEnd = Math.max(end, next.offset() + next.length());
        if (next.offset() - end > MAX_GAP || nextEnd - start > MAX_RANGE) {
          break;
        }
        end = nextEnd;
        j++;
      }
      restoreRange(pack, uses.subList(i, j), start, end, sparse, plan, progress);
      i = j;
    }
  }

  private void restoreRange(
      PackId pack,
      List<Use> uses,
      int start,
      int end,
      boolean sparse,
      RestorePlan plan,
      RestoreProgress progress) {
    byte[] range;
    try {
      range =
          repo.store()
              .getRange(dev.holdfast.core.content.PackReader.packName(pack), start, end - start);
    } catch (NoSuchBlob | CorruptObject | StorageUnavailable e) {
      for (Use u : uses) {
        plan.problem(
            u.sink().snapshotPath,
            "cannot read chunk "
                + u.id()
                + " from pack "
                + pack
                + " ("
                + e.getMessage()
                + "); the file is incomplete");
        abandon(u.sink(), plan);
      }
      return;
    }
    ChunkId lastId = null;
    ByteBuffer plain = null;
    boolean zero = false;
    for (Use u : uses) {
      try {
        if (!u.id().equals(lastId)) {
          plain = null;
          lastId = u.id();
          plain = repo.packs().openTransient(u.id(), u.at(), range, u.at().offset() - start);
          zero = sparse && isZero(plain);
        }
      } catch (CorruptObject e) {
        plan.problem(u.sink().snapshotPath, e.getMessage() + "; the file is incomplete");
        abandon(u.sink(), plan);
        continue;
      }
      if (plain == null) {
        abandon(u.sink(), plan);
        continue;
      }
      try {
        u.sink().write(plain, u.position(), zero);
        progress.bytesDone.addAndGet(plain.remaining());
      } catch (IOException e) {
        plan.problem(u.sink().snapshotPath, "cannot write: " + e.getMessage());
        abandon(u.sink(), plan);
      }
    }
  }

  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

  private static boolean isZero(ByteBuffer b) {
    int end = b.limit();
    for (int p = b.position(); p < end; p += ZEROS.capacity()) {
      int n = Math.min(ZEROS.capacity(), end - p);
      if (b.slice(p, n).mismatch(ZEROS.slice(0, n)) >= 0) {
        return false;
      }
    }
    return true;
  }

  private static void abandon(FileSink sink, RestorePlan plan) {
    try {
      sink.abandon();
    } catch (IOException e) {
      plan.problem(sink.snapshotPath, "cannot finish file: " + e.getMessage());
    }
  }
}
