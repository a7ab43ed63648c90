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

/**
 * The source chunks a copy has to read, gathered in batches so that chunks stored near each other
 * in a pack come in one range request: a file's chunks were packed one after the other, and so were
 * the small files of a folder. Reading chunk by chunk cost one request per chunk, which from object
 * storage means one GET (and its price) per chunk. Each batch is sorted by pack and offset, grouped
 * as restore groups its reads ({@link PackRanges}), and each range is read, authenticated and
 * decoded on a worker, which hands every chunk to the {@link Handler}.
 *
 * <p>Not thread-safe: one thread (the copy's walk) adds and dispatches.
 */
final class SourceReads {
  /**
   * A source chunk to read.
   *
   * @param path the first file found needing it, named when it is damaged
   * @param result completed by the handler with the destination's id for the chunk
   * @param cost the permits it holds of the copy's bytes in flight
   */
  record Wanted(
      ChunkId id, BlobLocation at, String path, CompletableFuture<ChunkId> result, int cost) {}

  /** What becomes of each read chunk; called once per wanted chunk, on a worker. */
  interface Handler {
    /**
     * @param plain the chunk's bytes, authenticated and decoded; null when {@code failure} says why
     *     the chunk could not be read
     */
    void handle(Wanted chunk, byte[] plain, RuntimeException failure);
  }

  private final Repository source;
  private final Executor workers;
  private final Handler handler;
  private final long batchBytes;
  private List<Wanted> batch = new ArrayList<>();
  private long bytes;

  /**
   * @param batchBytes decoded bytes gathered before a batch is read without being asked to
   */
  SourceReads(Repository source, Executor workers, long batchBytes, Handler handler) {
    this.source = source;
    this.workers = workers;
    this.handler = handler;
    this.batchBytes = batchBytes;
  }

  /** Adds a chunk to the batch, and reads the batch once it holds enough. */
  void add(Wanted chunk) {
    batch.add(chunk);
    bytes += chunk.at().rawLength();
    if (bytes >= batchBytes) {
      dispatch();
    }
  }

  /** Hands the batch to the workers, range by range. */
  void dispatch() {
    if (batch.isEmpty()) {
      return;
    }
    Map<PackId, List<Wanted>> byPack = new LinkedHashMap<>();
    for (Wanted w : batch) {
      byPack.computeIfAbsent(w.at().pack(), p -> new ArrayList<>()).add(w);
    }
    batch = new ArrayList<>();
    bytes = 0;
    for (Map.Entry<PackId, List<Wanted>> e : byPack.entrySet()) {
      List<Wanted> inPack = e.getValue();
      inPack.sort(Comparator.comparingInt(w -> w.at().offset()));
      for (int i = 0; i < inPack.size(); ) {
        int end = PackRanges.rangeEnd(inPack, i, Wanted::at, PackRanges.MAX_RANGE);
        submit(e.getKey(), List.copyOf(inPack.subList(i, end)));
        i = end;
      }
    }
  }

  private void submit(PackId pack, List<Wanted> range) {
    try {
      workers.execute(() -> read(pack, range));
    } catch (RuntimeException e) {
      for (Wanted w : range) {
        handler.handle(w, null, e);
      }
    }
  }

  /** Reads one range of a pack and hands over each of its chunks. */
  private void read(PackId pack, List<Wanted> range) {
    int start = range.get(0).at().offset();
    byte[] sealed;
    try {
      sealed =
          source
              .store()
              .getRange(
                  PackReader.packName(pack), start, PackRanges.end(range, Wanted::at) - start);
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
      byte[] plain = null;
      RuntimeException failure = null;
      try {
        plain = source.packs().open(w.id(), w.at(), sealed, w.at().offset() - start);
      } catch (RuntimeException e) {
        failure = e;
      }
      handler.handle(w, plain, failure);
    }
  }
}
