package dev.holdfast.core.copy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.content.BlobLocation;
import dev.holdfast.core.content.PackRanges;
import dev.holdfast.core.content.PackReader;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.repository.Repository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The source chunks a copy has to read, gathered in batches so that chunks stored near each other
 * in a pack come in one range request: a file's chunks were packed one after the other, and so were
 * the small files of a folder. Reading chunk by chunk cost one request per chunk, which from object
 * storage means one GET (and its price) per chunk. Each batch is sorted by pack and offset and
 * grouped as restore groups its reads ({@link PackRanges}); a worker reads each range,
 * authenticates and decodes its chunks, and hands every one to the {@link Handler}.
 *
 * <p>A batch holds where chunks are, not their bytes, so it can be large, and it is: thousands of
 * chunks ({@link CopySettings#readBatchChunks}), or all a snapshot needs. A backup interleaves the
 * files it reads at once in its packs, so a batch that wants one file's chunks reads through the
 * other's, and the next batch reads them again; every batch boundary costs such a re-read. Two
 * batches at most are dispatched and not yet done: the walk waits for the older to finish before it
 * hands over a third. What bounds the bytes in memory is the budget of decoded bytes in flight,
 * which a worker takes for a range before reading it and gives back once the handler is done with
 * the range.
 *
 * <p>Not thread-safe: one thread (the copy's walk) adds and dispatches.
 */
final class SourceReads {
  /**
   * A source chunk to read.
   *
   * @param path the first file found needing it, named when it is damaged
   * @param result completed by the handler with the destination's id for the chunk
   */
  record Wanted(ChunkId id, BlobLocation at, String path, CompletableFuture<ChunkId> result) {}

  /** What becomes of each read chunk; called once per wanted chunk, on a worker. */
  interface Handler {
    /**
     * @param blob the chunk, authenticated and decoded; null when {@code failure} says why it could
     *     not be read
     */
    void handle(Wanted chunk, PackReader.Decoded blob, RuntimeException failure);
  }

  private final Repository source;
  private final Executor workers;
  private final Handler handler;
  private final Supplier<RuntimeException> stop;
  private final int batchChunks;
  private final int budget;
  private final Semaphore inFlight;
  private final Semaphore batchesInFlight = new Semaphore(2);
  private List<Wanted> batch = new ArrayList<>();

  /**
   * @param batchChunks chunks gathered before they are read
   * @param budget decoded bytes read and not yet handled, at most (a range that alone exceeds it
   *     takes all of it)
   * @param stop why to read no more, or null: once it says so, ranges not yet read fail their
   *     chunks with that reason instead of being read
   */
  SourceReads(
      Repository source,
      Executor workers,
      int batchChunks,
      int budget,
      Supplier<RuntimeException> stop,
      Handler handler) {
    this.source = source;
    this.workers = workers;
    this.batchChunks = batchChunks;
    this.stop = stop;
    this.handler = handler;
    this.budget = budget;
    this.inFlight = new Semaphore(budget, true);
  }

  /** Adds a chunk to the batch, and reads the batch once it is full. */
  void add(Wanted chunk) {
    batch.add(chunk);
    if (batch.size() >= batchChunks) {
      dispatch();
    }
  }

  /**
   * Hands the batch to the workers, range by range; first waits, if two batches are being read,
   * until the older is done.
   */
  void dispatch() {
    if (batch.isEmpty()) {
      return;
    }
    Map<PackId, List<Wanted>> byPack = new LinkedHashMap<>();
    for (Wanted w : batch) {
      byPack.computeIfAbsent(w.at().pack(), p -> new ArrayList<>()).add(w);
    }
    batch = new ArrayList<>();
    List<Range> ranges = new ArrayList<>();
    for (Map.Entry<PackId, List<Wanted>> e : byPack.entrySet()) {
      List<Wanted> inPack = e.getValue();
      inPack.sort(Comparator.comparingInt(w -> w.at().offset()));
      for (int i = 0; i < inPack.size(); ) {
        int end = PackRanges.rangeEnd(inPack, i, Wanted::at, PackRanges.MAX_RANGE);
        ranges.add(new Range(e.getKey(), List.copyOf(inPack.subList(i, end))));
        i = end;
      }
    }
    batchesInFlight.acquireUninterruptibly();
    AtomicInteger left = new AtomicInteger(ranges.size());
    Runnable rangeDone =
        () -> {
          if (left.decrementAndGet() == 0) {
            batchesInFlight.release();
          }
        };
    for (Range r : ranges) {
      try {
        workers.execute(
            () -> {
              try {
                readWithinBudget(r);
              } finally {
                rangeDone.run();
              }
            });
      } catch (RuntimeException e) {
        for (Wanted w : r.wanted()) {
          handler.handle(w, null, e);
        }
        rangeDone.run();
      }
    }
  }

  /** Chunks of one pack read with one request. */
  private record Range(PackId pack, List<Wanted> wanted) {}

  private void readWithinBudget(Range range) {
    RuntimeException stopped = stop.get();
    if (stopped != null) {
      for (Wanted w : range.wanted()) {
        handler.handle(w, null, stopped);
      }
      return;
    }
    long decoded = 0;
    for (Wanted w : range.wanted()) {
      decoded += w.at().rawLength();
    }
    int cost = (int) Math.max(1, Math.min(budget, decoded));
    inFlight.acquireUninterruptibly(cost);
    try {
      read(range.pack(), range.wanted());
    } finally {
      inFlight.release(cost);
    }
  }

  /**
   * Reads one range of a pack and hands over each of its chunks. From remote storage a range near
   * the pack's start takes the pack's header along ({@link PackReader#wantsHeaderBefore}): up to
   * {@link PackRanges#MAX_GAP} more bytes in that one request, not counted in the budget, which
   * counts decoded bytes.
   */
  private void read(PackId pack, List<Wanted> range) {
    int start = range.get(0).at().offset();
    int from =
        source.store().streamsRanges() && source.packs().wantsHeaderBefore(pack, start) ? 0 : start;
    byte[] sealed;
    try {
      sealed =
          source
              .store()
              .getRange(PackReader.packName(pack), from, PackRanges.end(range, Wanted::at) - from);
      if (from == 0) {
        takeHeader(pack, sealed);
      }
    } catch (NoSuchBlob e) {
      for (Wanted w : range) {
        handler.handle(
            w,
            null,
            new CorruptObject(
                "chunk " + w.id() + " in pack " + pack + " cannot be read: the pack is missing"));
      }
      return;
    } catch (RuntimeException e) {
      for (Wanted w : range) {
        handler.handle(w, null, e);
      }
      return;
    }
    for (Wanted w : range) {
      PackReader.Decoded blob = null;
      RuntimeException failure = null;
      try {
        blob = source.packs().openDecoded(w.id(), w.at(), sealed, w.at().offset() - from);
      } catch (RuntimeException e) {
        failure = e;
      }
      handler.handle(w, blob, failure);
    }
  }

  /** A damaged header is left to the chunks' own reads, which report it per chunk. */
  private void takeHeader(PackId pack, byte[] sealed) {
    try {
      source.packs().acceptHeader(pack, sealed);
    } catch (CorruptObject e) {
      // read again by each chunk's decoding, and reported there, per chunk
    }
  }
}
