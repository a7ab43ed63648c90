package dev.holdfast.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A store that passes every call to another one: the base of decorators that change only a few
 * calls (refusing some writes, counting reads, simulating object lock), so each states only what it
 * changes. Decorators that wrap every call (retries, fault injection) implement the interface.
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
  public boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
    return delegate.putIfAbsent(name, body, length);
  }

  @Override
  public boolean streamsPuts() {
    return delegate.streamsPuts();
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
