package dev.holdfast.core.restore;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.concurrent.Cancellation;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.ChunkIndex;
import dev.holdfast.core.content.PackFormat;
import dev.holdfast.core.content.PackRanges;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.crypto.Warmup;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;

/**
 * The data phase of a restore: reads every blob the planned files need exactly once, pack by pack
 * on worker threads, in ranges that merge neighbouring blobs, and writes each wherever it is used;
 * runs of zeros become holes. A blob that cannot be read marks its files incomplete; the rest goes
 * on.
 *
 * <p>From a store that {@link dev.holdfast.core.storage.BlobStore#streamsRanges streams ranges}
 * (S3, a repository server) a pack's needed blobs come in one request and are decoded one by one as
 * they arrive; should that stream break, the blobs it had not delivered are read again in ranges of
 * at most {@link #MAX_RANGE}, each retried by the store. From other stores (local disk) each range
 * is read into memory whole.
 */
final class DataWriter {
  /** Largest byte range read from a pack into memory at once. */
  private static final int MAX_RANGE = PackRanges.MAX_RANGE;

  private record Use(ChunkId id, BlobLocation at, FileSink sink, long position) {}

  /**
   * What every read of one restore shares: its plan, whether zeros become holes, its counters, and
   * whether its caller gave it up.
   */
  private record Run(
      RestorePlan plan, boolean sparse, RestoreProgress progress, Cancellation cancellation) {}

  private final Repository repo;
  private final int threads;

  /** Each worker's buffer for a blob read from a stream, grown to the largest blob it met. */
  private final ThreadLocal<byte[]> sealedScratch = ThreadLocal.withInitial(() -> new byte[0]);

  DataWriter(Repository repo, int threads) {
    this.repo = repo;
    this.threads = threads;
  }

  /**
   * Reads every needed blob once, pack by pack in parallel, and writes it wherever it is used.
   * {@code fileDone} gets each file with data and its outcome once all of it is written or given up
   * on, on the thread that finished it: a worker, or the calling thread for a file none of whose
   * chunks is in the index.
   *
   * @throws CancellationException once {@code cancellation} is requested: every worker stops at its
   *     next blob, and the files not finished are closed as they are
   */
  long write(
      RestorePlan plan,
      boolean sparse,
      RestoreProgress progress,
      Cancellation cancellation,
      BiConsumer<RestorePlan.FileJob, FileSink.Outcome> fileDone) {
    Warmup.start();
    ChunkIndex index = repo.index();
    Map<PackId, List<Use>> byPack = new HashMap<>();
    List<FileSink> sinks = new ArrayList<>();
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
      sinks.add(sink);
      long position = 0;
      for (int i = 0; i < content.size(); i++) {
        ChunkId id = content.get(i);
        Optional<BlobLocation> at = index.get(id);
        if (at.isEmpty() || at.get().length() > PackFormat.MAX_BLOB_STORED) {
          // Without the chunk's true length, later chunks have no known offset: writing them
          // would put good data in wrong places. The file keeps its size, zeros from here on.
          plan.problem(
              job.rel(),
              "chunk "
                  + id
                  + (at.isEmpty()
                      ? " is missing from the repository"
                      : " has an impossible size in the index")
                  + "; the file is incomplete from byte "
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
    Run run = new Run(plan, sparse, progress, cancellation);
    ExecutorService pool =
        Executors.newFixedThreadPool(threads, DaemonThreads.named("holdfast-restore"));
    try {
      List<Future<?>> work = new ArrayList<>();
      for (Map.Entry<PackId, List<Use>> e : byPack.entrySet()) {
        work.add(pool.submit(() -> restorePack(e.getKey(), e.getValue(), run)));
      }
      CancellationException cancelled = null;
      for (Future<?> f : work) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof CancellationException c)) {
            throw e;
          }
          // Every worker stops at its next blob: wait for them all, so that nothing is written
          // once this returns.
          cancelled = c;
        }
      }
      if (cancelled != null) {
        closeUnfinished(sinks, plan);
        throw cancelled;
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

  /** Closes the files a cancelled restore had not finished, as far as they were written. */
  private static void closeUnfinished(List<FileSink> sinks, RestorePlan plan) {
    for (FileSink sink : sinks) {
      try {
        sink.giveUp();
      } catch (IOException e) {
        plan.problem(sink.snapshotPath, "cannot close file: " + e.getMessage());
      }
    }
  }

  private void restorePack(PackId pack, List<Use> uses, Run run) {
    run.cancellation().throwIfRequested();
    uses.sort(Comparator.comparingInt((Use u) -> u.at().offset()).thenComparingLong(Use::position));
    boolean streams = repo.store().streamsRanges();
    int i = 0;
    while (i < uses.size()) {
      run.cancellation().throwIfRequested();
      int j = rangeEnd(uses, i, streams ? Integer.MAX_VALUE : MAX_RANGE);
      int start = uses.get(i).at().offset();
      int end = end(uses.subList(i, j));
      if (streams) {
        int done = streamRange(pack, uses.subList(i, j), start, end, run);
        if (done < j - i) {
          restoreInRanges(pack, uses.subList(i + done, j), run);
        }
      } else {
        restoreRange(pack, uses.subList(i, j), start, end, run);
      }
      i = j;
    }
  }

  /** Reads {@code uses} (sorted by offset) in ranges of at most {@link #MAX_RANGE} bytes. */
  private void restoreInRanges(PackId pack, List<Use> uses, Run run) {
    int i = 0;
    while (i < uses.size()) {
      int j = rangeEnd(uses, i, MAX_RANGE);
      List<Use> range = uses.subList(i, j);
      restoreRange(pack, range, range.get(0).at().offset(), end(range), run);
      i = j;
    }
  }

  /** The end of the run of uses from {@code i} one read covers ({@link PackRanges#rangeEnd}). */
  private static int rangeEnd(List<Use> uses, int i, int maxRange) {
    return PackRanges.rangeEnd(uses, i, Use::at, maxRange);
  }

  /** Where the last of {@code uses}' blobs ends. */
  private static int end(List<Use> uses) {
    return PackRanges.end(uses, Use::at);
  }

  /**
   * Restores {@code uses} from one stream of the pack's bytes {@code [start, end)}, blob by blob as
   * they arrive. A stream that starts near the pack's beginning starts at 0 and brings the pack's
   * header along ({@link PackReader#wantsHeaderBefore}): no second request for it.
   *
   * @return how many of {@code uses} were dealt with (written, or given up on as damaged) before
   *     the stream failed; all of them when it did not
   */
  private int streamRange(PackId pack, List<Use> uses, int start, int end, Run run) {
    int done = 0;
    int from = repo.packs().wantsHeaderBefore(pack, start) ? 0 : start;
    try (InputStream in = repo.store().openRange(PackReader.packName(pack), from, end - from)) {
      long at = from;
      if (from == 0) {
        repo.packs().acceptHeader(pack, in.readNBytes(PackFormat.HEADER_BYTES));
        at = PackFormat.HEADER_BYTES;
      }
      ChunkId lastId = null;
      ByteBuffer plain = null;
      boolean zero = false;
      for (Use u : uses) {
        if (!u.id().equals(lastId)) {
          run.cancellation().throwIfRequested();
          lastId = u.id();
          if (u.at().offset() < at) {
            // Overlaps the blob before it: a damaged index.
            plain = null;
            run.plan()
                .problem(
                    u.sink().snapshotPath,
                    "chunk "
                        + u.id()
                        + " overlaps another in pack "
                        + pack
                        + "; the file is incomplete");
          } else {
            discard(in, u.at().offset() - at);
            byte[] sealed = read(in, u.at().length());
            at = (long) u.at().offset() + u.at().length();
            plain = decode(u, sealed, 0, run.plan());
            zero = plain != null && run.sparse() && isZero(plain);
          }
        }
        write(u, plain, zero, run);
        done++;
      }
    } catch (IOException | StorageUnavailable | CorruptObject | NoSuchBlob e) {
      // The rest is read again in ranges: a lasting failure is reported there, per file.
      return done;
    }
    return done;
  }

  /** Reads and drops {@code count} bytes: a gap between needed blobs. */
  private void discard(InputStream in, long count) throws IOException {
    byte[] scratch = sealedScratch.get();
    if (scratch.length < Math.min(count, 64 * 1024)) {
      scratch = new byte[(int) Math.min(count, PackRanges.MAX_GAP)];
      sealedScratch.set(scratch);
    }
    for (long left = count; left > 0; ) {
      int n = in.readNBytes(scratch, 0, (int) Math.min(scratch.length, left));
      if (n == 0) {
        throw new EOFException("the pack's stream ended early");
      }
      left -= n;
    }
  }

  /** The next {@code length} bytes of the stream, in this worker's reused buffer. */
  private byte[] read(InputStream in, int length) throws IOException {
    byte[] scratch = sealedScratch.get();
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length + scratch.length / 2)];
      sealedScratch.set(scratch);
    }
    if (in.readNBytes(scratch, 0, length) < length) {
      throw new EOFException("the pack's stream ended early");
    }
    return scratch;
  }

  private void restoreRange(PackId pack, List<Use> uses, int start, int end, Run run) {
    byte[] range;
    try {
      range = repo.store().getRange(PackReader.packName(pack), start, end - start);
    } catch (NoSuchBlob | CorruptObject | StorageUnavailable e) {
      for (Use u : uses) {
        run.plan()
            .problem(
                u.sink().snapshotPath,
                "cannot read chunk "
                    + u.id()
                    + " from pack "
                    + pack
                    + " ("
                    + e.getMessage()
                    + "); the file is incomplete");
        abandon(u.sink(), run.plan());
      }
      return;
    }
    ChunkId lastId = null;
    ByteBuffer plain = null;
    boolean zero = false;
    for (Use u : uses) {
      if (!u.id().equals(lastId)) {
        run.cancellation().throwIfRequested();
        lastId = u.id();
        plain = decode(u, range, u.at().offset() - start, run.plan());
        zero = plain != null && run.sparse() && isZero(plain);
      }
      write(u, plain, zero, run);
    }
  }

  /**
   * The blob of {@code u}, decoded from its sealed bytes at {@code off} of {@code sealed}; null,
   * with the problem reported, when it is damaged.
   */
  private ByteBuffer decode(Use u, byte[] sealed, int off, RestorePlan plan) {
    try {
      return repo.packs().openTransient(u.id(), u.at(), sealed, off);
    } catch (CorruptObject e) {
      plan.problem(u.sink().snapshotPath, e.getMessage() + "; the file is incomplete");
      return null;
    }
  }

  /** Writes {@code plain} where {@code u} needs it; a null blob (damaged) gives the file up. */
  private static void write(Use u, ByteBuffer plain, boolean zero, Run run) {
    if (plain == null) {
      abandon(u.sink(), run.plan());
      return;
    }
    try {
      u.sink().write(plain, u.position(), zero);
      run.progress().bytesDone.addAndGet(plain.remaining());
    } catch (IOException e) {
      run.plan().problem(u.sink().snapshotPath, "cannot write: " + e.getMessage());
      abandon(u.sink(), run.plan());
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
