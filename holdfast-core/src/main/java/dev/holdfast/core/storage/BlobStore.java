package dev.holdfast.core.storage;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of named, immutable blobs: the only thing a backend must provide.
 *
 * <p>Contract every backend keeps (and {@code BlobStoreContract} tests):
 *
 * <ul>
 *   <li>{@link #putIfAbsent} is atomic: a reader sees either no blob or the whole blob, never a
 *       part, even if the writer crashes; once it returns, the blob is durable.
 *   <li>Blobs are never overwritten: putting a name that exists leaves the stored bytes as they are
 *       and returns {@code false}.
 *   <li>{@link #delete} is idempotent; deleting a missing blob is not an error.
 *   <li>All methods are safe to call from many threads at once.
 *   <li>Failures are {@link dev.holdfast.core.StorageUnavailable} (saying whether a retry can help)
 *       or {@link dev.holdfast.core.NoSuchBlob}; messages name the blob, never data.
 * </ul>
 */
public interface BlobStore extends Closeable {

  /**
   * Stores {@code data[offset, offset+length)} under {@code name} unless a blob of that name
   * exists.
   *
   * <p>A failure does not always mean nothing was stored: when the answer is lost after the request
   * reached the storage (a connection reset, a timeout), the blob may be there, and a retry returns
   * {@code false}. Callers that name blobs by fresh random ids can ignore the result for that
   * reason; see {@link RetryingBlobStore}.
   *
   * @return true if stored, false if the name already existed (its bytes are untouched)
   */
  boolean putIfAbsent(BlobName name, byte[] data, int offset, int length);

  /** Stores all of {@code data}; see {@link #putIfAbsent(BlobName, byte[], int, int)}. */
  default boolean putIfAbsent(BlobName name, byte[] data) {
    return putIfAbsent(name, data, 0, data.length);
  }

  /**
   * Stores the next {@code length} bytes of {@code body} under {@code name} unless a blob of that
   * name exists, as {@link #putIfAbsent(BlobName, byte[], int, int)} does (atomic, durable, never
   * overwriting). Reads no byte past {@code length}. A body that ends sooner stores nothing and
   * throws {@link EOFException}; a body whose read fails stores nothing and throws that failure;
   * storage failures are {@link dev.holdfast.core.StorageUnavailable} as for every call. The caller
   * closes the body.
   *
   * <p>This default reads the body into memory and stores the array, which holds {@code length}
   * bytes; {@link #streamsPuts} tells a caller whether the store writes the body through instead.
   *
   * @throws IOException when the body ends early or cannot be read
   */
  default boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
    return readWholeAndPut(this, name, body, length);
  }

  /**
   * What {@link #putIfAbsent(BlobName, InputStream, long)} does in a store that does not stream:
   * reads the body whole, then puts the array into {@code store}.
   */
  static boolean readWholeAndPut(BlobStore store, BlobName name, InputStream body, long length)
      throws IOException {
    if (length < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a blob of " + length + " bytes cannot be stored from a stream: " + name);
    }
    byte[] data = body.readNBytes((int) length);
    if (data.length < length) {
      throw bodyEnded(name, data.length, length);
    }
    return store.putIfAbsent(name, data, 0, data.length);
  }

  /**
   * Whether {@link #putIfAbsent(BlobName, InputStream, long)} writes the body through to storage as
   * it arrives, holding no more than a buffer of it; false for stores that take it whole (the
   * default).
   */
  default boolean streamsPuts() {
    return false;
  }

  /** The failure of a put whose body ended after {@code read} of its {@code length} bytes. */
  static EOFException bodyEnded(BlobName name, long read, long length) {
    return new EOFException(
        "the body of " + name + " ended after " + read + " of " + length + " bytes");
  }

  /** The whole blob. */
  byte[] get(BlobName name);

  /**
   * The whole blob, refusing one larger than {@code maxBytes} before reading it: a hostile or
   * damaged repository must not make a reader allocate unbounded memory.
   *
   * @throws dev.holdfast.core.CorruptObject when the blob is larger than {@code maxBytes}
   */
  default byte[] get(BlobName name, long maxBytes) {
    Optional<BlobInfo> info = stat(name);
    if (info.isPresent() && info.get().size() > maxBytes) {
      throw new dev.holdfast.core.CorruptObject(
          name
              + " has "
              + info.get().size()
              + " bytes, more than such an object can have ("
              + maxBytes
              + ")");
    }
    return get(name);
  }

  /**
   * {@code length} bytes of the blob from {@code offset}; fails rather than returning fewer bytes
   * than asked for.
   */
  byte[] getRange(BlobName name, long offset, int length);

  /**
   * {@code length} bytes of the blob from {@code offset} as a stream, for a reader that works on
   * the first bytes while later ones are still on their way (restore reads a pack's needed blobs
   * so, in one request rather than many). The stream yields exactly {@code length} bytes and then
   * ends: a range past the blob's end is {@link dev.holdfast.core.CorruptObject} and a missing blob
   * {@link dev.holdfast.core.NoSuchBlob}, from this call or from a read; a transfer cut short makes
   * a read throw {@link dev.holdfast.core.StorageUnavailable}, never end early. Closing the stream
   * before its end abandons the rest. Streams are not retried: a reader that loses one goes on with
   * {@link #getRange}.
   *
   * <p>This default reads the whole range at once with {@link #getRange}: it holds {@code length}
   * bytes in memory, which is why {@link #streamsRanges} tells a reader whether to ask for large
   * ranges.
   */
  default InputStream openRange(BlobName name, long offset, long length) {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "a range of " + length + " bytes of " + name + " cannot be read at once");
    }
    return new ByteArrayInputStream(getRange(name, offset, (int) length));
  }

  /**
   * Whether {@link #openRange} streams, so that a range costs no memory of its size and a reader
   * may ask for a whole pack at once; false for stores that read ranges into memory (the default).
   */
  default boolean streamsRanges() {
    return false;
  }

  /** The blob's size, or empty when it does not exist. */
  Optional<BlobInfo> stat(BlobName name);

  /** Every blob of {@code kind}, in no particular order. */
  List<BlobInfo> list(BlobKind kind);

  /** Removes the blob if it exists. */
  void delete(BlobName name);

  /**
   * When the storage's own immutability (S3 Object Lock) stops protecting the blob: before that
   * instant nobody, not even the repository's owner, can delete or overwrite it. Empty when the
   * storage keeps no retention for the blob, or the blob does not exist. Prune and forget ask this
   * before deleting, so that they skip protected blobs instead of failing on them.
   */
  default Optional<Instant> retainedUntil(BlobName name) {
    return Optional.empty();
  }

  /**
   * A view of this store that keeps every blob of a {@link Retention#appliesTo retained kind} it
   * stores immutable in storage for {@code retention.period()} (S3 Object Lock); other kinds and
   * reads behave as before. The view shares this store's connections: closing either closes both.
   * Stores without immutable storage refuse; decorators (retry, read-only, fault injection) must
   * pass the call to the store they wrap and wrap the result again, so that the protection is never
   * silently dropped.
   *
   * @throws dev.holdfast.core.UsageError when the backend cannot keep blobs immutable
   */
  default BlobStore withRetention(Retention retention) {
    throw new dev.holdfast.core.UsageError(
        "object lock needs S3 storage with object lock enabled; "
            + location()
            + " cannot keep blobs immutable");
  }

  /** A short human description of where the blobs live, for messages (no credentials). */
  String location();

  @Override
  default void close() {}
}
