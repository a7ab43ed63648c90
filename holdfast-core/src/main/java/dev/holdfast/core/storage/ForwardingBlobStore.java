package dev.holdfast.core.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that passes every call to another one: the base of decorators that change only a few
 * calls (refusing some writes, counting reads, simulating object lock), so each states only what it
 * changes. Decorators that wrap every call (retries, fault injection) implement the interface.
 *
 * <p>A put of a stream is not passed on as a stream: it reaches this store's {@link
 * #putIfAbsent(BlobName, byte[], int, int)} whole (the interface's default), so that a decorator
 * that checks or changes puts sees every one. A decorator that leaves puts alone may pass streams
 * on by overriding {@link #putIfAbsent(BlobName, InputStream, long)} and {@link #streamsPuts}.
 */
public abstract class ForwardingBlobStore implements BlobStore {
  private final BlobStore delegate;

  protected ForwardingBlobStore(BlobStore delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The store calls are passed to. */
  protected final BlobStore delegate() {
    return delegate;
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    return delegate.putIfAbsent(name, data, offset, length);
  }

  @Override
  public byte[] get(BlobName name) {
    return delegate.get(name);
  }

  @Override
  public byte[] get(BlobName name, long maxBytes) {
    return delegate.get(name, maxBytes);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    return delegate.getRange(name, offset, length);
  }

  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    return delegate.openRange(name, offset, length);
  }

  @Override
  public boolean streamsRanges() {
    return delegate.streamsRanges();
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    return delegate.stat(name);
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    return delegate.list(kind);
  }

  @Override
  public void delete(BlobName name) {
    delegate.delete(name);
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return delegate.retainedUntil(name);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
