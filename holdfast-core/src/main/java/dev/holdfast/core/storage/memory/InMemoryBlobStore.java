package dev.holdfast.core.storage.memory;

import dev.holdfast.core.storage.BlobFailures;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@link BlobStore} holding copies of the blobs in memory, for tests and demos. It keeps the
 * whole contract except durability: everything is gone when the object is.
 */
public final class InMemoryBlobStore implements BlobStore {
  private static final String LOCATION = "memory";

  private final ConcurrentMap<BlobName, Stored> blobs = new ConcurrentHashMap<>();
  private final Clock clock;

  private record Stored(byte[] data, Instant at) {}

  /** An empty store that stamps blobs with the system clock. */
  public InMemoryBlobStore() {
    this(Clock.systemUTC());
  }

  /** An empty store that stamps each blob with {@code clock}'s time when it is put. */
  public InMemoryBlobStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Objects.requireNonNull(name, "name");
    Objects.checkFromIndexSize(offset, length, data.length);
    Stored stored = new Stored(Arrays.copyOfRange(data, offset, offset + length), clock.instant());
    return blobs.putIfAbsent(name, stored) == null;
  }

  @Override
  public byte[] get(BlobName name) {
    return stored(name).clone();
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    byte[] data = stored(name);
    if (offset > data.length - (long) length) {
      throw BlobFailures.beyondEnd(name, offset, length, data.length, LOCATION);
    }
    return Arrays.copyOfRange(data, (int) offset, (int) offset + length);
  }

  /** Streams from the stored bytes themselves, which never change: no copy is made. */
  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    byte[] data = stored(name);
    if (offset > data.length - length) {
      throw BlobFailures.beyondEnd(name, offset, length, data.length, LOCATION);
    }
    return new ByteArrayInputStream(data, (int) offset, (int) length);
  }

  @Override
  public boolean streamsRanges() {
    return true;
  }

  private byte[] stored(BlobName name) {
    Stored stored = blobs.get(Objects.requireNonNull(name, "name"));
    if (stored == null) {
      throw BlobFailures.missing(name, LOCATION);
    }
    return stored.data();
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    Stored stored = blobs.get(Objects.requireNonNull(name, "name"));
    return stored == null
        ? Optional.empty()
        : Optional.of(new BlobInfo(name, stored.data().length, stored.at()));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    Objects.requireNonNull(kind, "kind");
    return blobs.entrySet().stream()
        .filter(e -> e.getKey().kind() == kind)
        .map(e -> new BlobInfo(e.getKey(), e.getValue().data().length, e.getValue().at()))
        .toList();
  }

  @Override
  public void delete(BlobName name) {
    blobs.remove(Objects.requireNonNull(name, "name"));
  }

  @Override
  public String location() {
    return LOCATION;
  }
}
