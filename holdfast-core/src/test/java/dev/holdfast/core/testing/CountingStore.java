package dev.holdfast.core.testing;

import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A storage decorator that records every read (whole blobs and ranges), so that a test can assert
 * how much a job read, and from where, instead of how long it took. Thread-safe.
 */
public final class CountingStore implements BlobStore {
  /** One read: a whole blob ({@code length} -1) or a range of it. */
  public record Read(BlobName name, long offset, int length) {}

  private final BlobStore inner;
  private final Queue<Read> reads = new ConcurrentLinkedQueue<>();

  public CountingStore(BlobStore inner) {
    this.inner = inner;
  }

  /** Every read so far of blobs of {@code kind}, in order. */
  public List<Read> reads(BlobKind kind) {
    return reads.stream().filter(r -> r.name().kind() == kind).toList();
  }

  /** Forgets the reads recorded so far. */
  public void reset() {
    reads.clear();
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    return inner.putIfAbsent(name, data, offset, length);
  }

  @Override
  public byte[] get(BlobName name) {
    reads.add(new Read(name, 0, -1));
    return inner.get(name);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    reads.add(new Read(name, offset, length));
    return inner.getRange(name, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    return inner.stat(name);
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    return inner.list(kind);
  }

  @Override
  public void delete(BlobName name) {
    inner.delete(name);
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return inner.retainedUntil(name);
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }
}
