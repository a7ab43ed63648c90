package dev.holdfast.core.testing;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A storage decorator that records every read (whole blobs and ranges), so that a test can assert
 * how much a job read, and from where, instead of how long it took. Thread-safe.
 */
public final class CountingStore extends ForwardingBlobStore {
  /**
   * One read: a whole blob ({@code length} -1) or a range of it, read at once or {@code streamed}
   * ({@link BlobStore#openRange}).
   */
  public record Read(BlobName name, long offset, int length, boolean streamed) {
    public Read(BlobName name, long offset, int length) {
      this(name, offset, length, false);
    }
  }

  private final Queue<Read> reads = new ConcurrentLinkedQueue<>();

  public CountingStore(BlobStore inner) {
    super(inner);
  }

  /** Every read so far of blobs of {@code kind}, in order. */
  public List<Read> reads(BlobKind kind) {
    return reads.stream().filter(r -> r.name().kind() == kind).toList();
  }

  /** Puts are left alone, so streams pass on as streams. */
  @Override
  public boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
    return delegate().putIfAbsent(name, body, length);
  }

  @Override
  public boolean streamsPuts() {
    return delegate().streamsPuts();
  }

  /** Forgets the reads recorded so far. */
  public void reset() {
    reads.clear();
  }

  @Override
  public byte[] get(BlobName name) {
    reads.add(new Read(name, 0, -1));
    return super.get(name);
  }

  @Override
  public byte[] get(BlobName name, long maxBytes) {
    reads.add(new Read(name, 0, -1));
    return super.get(name, maxBytes);
  }

  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    reads.add(new Read(name, offset, (int) Math.min(Integer.MAX_VALUE, length), true));
    return super.openRange(name, offset, length);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    reads.add(new Read(name, offset, length));
    return super.getRange(name, offset, length);
  }
}
