package dev.holdfast.core.storage;

import dev.holdfast.core.StorageUnavailable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link BlobStore} decorator that tries each call again after a transient {@link
 * StorageUnavailable}, with exponential backoff and full jitter within a {@link RetryPolicy}'s
 * budget (as restic's retry backend and Kopia's {@code repo/blob/retrying} do). It is the one retry
 * layer of every backend: backends report failures and do not retry themselves (the S3 SDK's own
 * retries are off), so that a request is never retried by two layers multiplying each other's
 * attempts, and so that every backend gets the same budget and the same reporting (docs/DESIGN.md,
 * "Retries").
 *
 * <p>Only a transient {@code StorageUnavailable} is retried. A permanent one (a full disk, a
 * refusal), {@link dev.holdfast.core.NoSuchBlob}, {@link dev.holdfast.core.CorruptObject} (an
 * integrity failure must never be papered over by reading again until it passes) and every other
 * exception reach the caller at once, unchanged. When the budget is spent the caller gets a
 * transient {@code StorageUnavailable} that says what was being done to which blob, how many tries
 * were made over how long, and the last failure's message; a failure of the only try is passed on
 * as it is.
 *
 * <p><b>putIfAbsent after an ambiguous failure.</b> A put whose answer was lost (a connection reset
 * after the request reached the storage, a timeout) may have stored the blob. The retry then finds
 * the name taken and returns {@code false}. That is safe for every caller: packs, index files,
 * snapshot manifests, key slots and deletion records are named by fresh 256-bit random ids, so a
 * blob already stored under such a name can only be this call's own earlier try, with the same
 * bytes, and those callers ignore the result. The two callers that act on {@code false} compare the
 * stored bytes with their own first: {@code Repository.init} (the config has a fixed name) and
 * {@code Locks} (which would otherwise write the lock again and orphan the first). Conversely, when
 * the budget runs out after a try that landed, the caller hears of a failure for a blob that is
 * stored; every writer's blob is harmless then (an unindexed pack, an index file of stored packs, a
 * complete snapshot), as after a crash.
 *
 * <p>Thread-safe. Waiting blocks the calling thread, which is what bounds the work in flight while
 * the storage is down.
 */
public final class RetryingBlobStore implements BlobStore {

  /** Waits between tries; tests pass one that only advances a fake clock. */
  @FunctionalInterface
  public interface Sleeper {
    /** Really sleeps. */
    Sleeper THREAD = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    /** Waits {@code delay}. */
    void sleep(Duration delay) throws InterruptedException;
  }

  private final BlobStore inner;
  private final RetryPolicy policy;
  private final RetryListener listener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Random random;
  private final AtomicLong retries = new AtomicLong();

  /**
   * Wraps {@code inner}.
   *
   * @param clock measures the time a call has spent against {@link RetryPolicy#maxElapsed()}
   * @param random draws the jittered waits; seed it in tests
   * @throws IllegalArgumentException when {@code inner} already retries: one layer only
   */
  public RetryingBlobStore(
      BlobStore inner,
      RetryPolicy policy,
      RetryListener listener,
      Clock clock,
      Sleeper sleeper,
      Random random) {
    if (inner instanceof RetryingBlobStore) {
      throw new IllegalArgumentException(
          "the store at " + inner.location() + " already retries: one retry layer only");
    }
    this.inner = Objects.requireNonNull(inner, "inner");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * {@code backend} with the default budget ({@link RetryPolicy#CLOUD}), real sleeps and the system
   * clock: what every store the CLI opens is wrapped in.
   */
  public static RetryingBlobStore wrap(BlobStore backend, RetryListener listener) {
    return new RetryingBlobStore(
        backend, RetryPolicy.CLOUD, listener, Clock.systemUTC(), Sleeper.THREAD, new Random());
  }

  /** How many retries this store has made so far, over all calls and threads. */
  public long retries() {
    return retries.get();
  }

  /** The store whose calls are retried. */
  public BlobStore inner() {
    return inner;
  }

  /** The backend's object-lock view, retried like this store (one layer, over the view). */
  @Override
  public BlobStore withRetention(Retention retention) {
    return new RetryingBlobStore(
        inner.withRetention(retention), policy, listener, clock, sleeper, random);
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    return call("storing " + name, () -> inner.putIfAbsent(name, data, offset, length));
  }

  @Override
  public byte[] get(BlobName name) {
    return call("reading " + name, () -> inner.get(name));
  }

  @Override
  public byte[] get(BlobName name, long maxBytes) {
    return call("reading " + name, () -> inner.get(name, maxBytes));
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    return call(
        "reading " + length + " bytes at " + offset + " of " + name,
        () -> inner.getRange(name, offset, length));
  }

  /**
   * A store that writes the body through gets one try: the body cannot be read a second time, and
   * the caller (the repository server, whose client retries the whole upload) hears of the failure.
   * Any other store gets the body read whole and a put retried as usual.
   */
  @Override
  public boolean putIfAbsent(BlobName name, InputStream body, long length) throws IOException {
    if (inner.streamsPuts()) {
      return inner.putIfAbsent(name, body, length);
    }
    return BlobStore.readWholeAndPut(this, name, body, length);
  }

  @Override
  public boolean streamsPuts() {
    return inner.streamsPuts();
  }

  /** Opening the stream is retried; a stream that breaks later is not (see the interface). */
  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    return call(
        "reading " + length + " bytes at " + offset + " of " + name,
        () -> inner.openRange(name, offset, length));
  }

  @Override
  public boolean streamsRanges() {
    return inner.streamsRanges();
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    return call("checking " + name, () -> inner.stat(name));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    return call("listing " + kind.folder(), () -> inner.list(kind));
  }

  @Override
  public void delete(BlobName name) {
    call(
        "deleting " + name,
        () -> {
          inner.delete(name);
          return null;
        });
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return call("reading the retention of " + name, () -> inner.retainedUntil(name));
  }

  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }

  private <T> T call(String what, Supplier<T> request) {
    Instant start = clock.instant();
    for (int attempt = 1; ; attempt++) {
      StorageUnavailable failure;
      try {
        return request.get();
      } catch (StorageUnavailable e) {
        if (e.permanent()) {
          throw e;
        }
        failure = e;
      }
      Duration elapsed = Duration.between(start, clock.instant());
      Duration delay = policy.delay(attempt, random);
      if (attempt >= policy.maxAttempts()
          || elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        throw gaveUp(what, attempt, elapsed, failure);
      }
      retries.incrementAndGet();
      listener.retrying(
          new RetryListener.Retry(
              what + " in " + location(), attempt, policy.maxAttempts(), delay, failure));
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        StorageUnavailable stopped =
            new StorageUnavailable(
                what
                    + " in "
                    + location()
                    + ": interrupted while waiting to retry; last failure: "
                    + failure.getMessage(),
                true,
                failure);
        stopped.addSuppressed(e);
        throw stopped;
      }
    }
  }

  private StorageUnavailable gaveUp(
      String what, int attempts, Duration elapsed, StorageUnavailable last) {
    if (attempts == 1) {
      return last;
    }
    return new StorageUnavailable(
        what
            + " in "
            + location()
            + ": gave up after "
            + attempts
            + " attempts over "
            + RetryListener.Retry.seconds(elapsed)
            + "; last failure: "
            + last.getMessage(),
        false,
        last);
  }
}
