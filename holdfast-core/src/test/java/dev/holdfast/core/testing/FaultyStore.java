package dev.holdfast.core.testing;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A storage decorator for fault tests that fails on purpose, as Kopia's fault-injecting blob
 * storage does. Per request class, with seeded probabilities: a transient failure before the
 * request reaches the store (a 5xx, throttling); a connection reset after the store carried it out
 * (a put that landed, a delete that happened, but whose answer was lost: the nastiest case); for
 * reads, a body cut off part-way. Besides: added latency, a disk that is full after {@code n} puts,
 * a crash after {@code n} puts, and {@link #heal()}.
 *
 * <p>Every injected failure is a {@link StorageUnavailable}, as a backend reports it: transient for
 * the random faults (the SPI forbids short results, so a truncated read throws too, as the S3
 * backend does for a short body), permanent for the full disk and the crash. The same seed and the
 * same single-threaded calls give the same faults; with several threads the seed fixes the sequence
 * of decisions, not which request gets which. Thread-safe.
 */
public final class FaultyStore implements BlobStore {
  /** The classes of request that faults are chosen for; GET covers whole and ranged reads. */
  public enum Request {
    PUT,
    GET,
    LIST,
    STAT,
    DELETE
  }

  /** The fault probabilities of one request class. */
  private record Faults(double fail, double reset, double truncate) {
    static final Faults NONE = new Faults(0, 0, 0);
  }

  private static final String RESET =
      "injected connection reset after the request reached the store";

  private final BlobStore inner;
  private final Random random;
  private final Set<BlobKind> answerLost = ConcurrentHashMap.newKeySet();
  private final Map<Request, Faults> faults = new EnumMap<>(Request.class);
  private final Map<Request, AtomicLong> injected = new EnumMap<>(Request.class);
  private final Map<Request, AtomicLong> requests = new EnumMap<>(Request.class);
  private final AtomicLong streamsCut = new AtomicLong();
  private final AtomicLong putsPassed = new AtomicLong();
  private final AtomicLong putsBeforeCrash = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean crashed = new AtomicBoolean();
  private volatile long diskFullAfter = -1;
  private volatile Duration maxLatency = Duration.ZERO;
  private volatile double streamCut;

  /** Wraps {@code inner} without faults; {@code seed} drives every fault decision. */
  public FaultyStore(BlobStore inner, long seed) {
    this.inner = inner;
    this.random = new Random(seed);
    for (Request r : Request.values()) {
      faults.put(r, Faults.NONE);
      injected.put(r, new AtomicLong());
      requests.put(r, new AtomicLong());
    }
  }

  /**
   * Requests of class {@code request} fail with probability {@code p} before they reach the store,
   * as a 5xx or a throttled request does: nothing happens in the store. Returns this store.
   */
  public FaultyStore fail(Request request, double p) {
    return set(request, p, f -> new Faults(p, f.reset(), f.truncate()));
  }

  /**
   * Requests of class {@code request} are carried out by the store and then fail with probability
   * {@code p}, as when the connection resets before the answer arrives: a put has landed, a delete
   * has deleted. Returns this store.
   */
  public FaultyStore resetAfter(Request request, double p) {
    return set(request, p, f -> new Faults(f.fail(), p, f.truncate()));
  }

  /**
   * The next put of a blob of {@code kind} lands, and then its answer is lost to a connection
   * reset: a deterministic way to hand one caller the ambiguous failure. Returns this store.
   */
  public FaultyStore loseAnswerOfNextPut(BlobKind kind) {
    answerLost.add(kind);
    return this;
  }

  /**
   * Reads fail with probability {@code p} part-way through the body, as a dropped connection or a
   * short body does. Returns this store.
   */
  public FaultyStore truncateReads(double p) {
    return set(Request.GET, p, f -> new Faults(f.fail(), f.reset(), p));
  }

  /**
   * Streams ({@link #openRange}) break part-way with probability {@code p}, at a seeded random
   * byte, as a dropped connection does; the reader of the stream sees it, not the retry layer.
   * Returns this store.
   */
  public FaultyStore cutStreams(double p) {
    requireProbability(p);
    streamCut = p;
    return this;
  }

  /**
   * Every fault kind on every request class, each with probability {@code p}: failures before the
   * store, resets after it, truncated reads and cut streams. Returns this store.
   */
  public FaultyStore failEverything(double p) {
    for (Request r : Request.values()) {
      fail(r, p);
      resetAfter(r, p);
    }
    cutStreams(p);
    return truncateReads(p);
  }

  /**
   * Each request first waits a seeded random time up to {@code max}, so that concurrent requests
   * interleave differently; keep it to milliseconds (tests assert no timings). Returns this store.
   */
  public FaultyStore latency(Duration max) {
    if (max.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + max);
    }
    maxLatency = max;
    return this;
  }

  /** Lets the next {@code n} PUTs through, then refuses every PUT as a full disk would. */
  public FaultyStore diskFullAfterPuts(long n) {
    putsPassed.set(0);
    diskFullAfter = n;
    return this;
  }

  /**
   * Arms the crash switch: {@code puts} more puts reach the store, then the next one crashes it.
   * Like a real crash, which strikes just before or just after the blob is published, that put
   * lands in the inner store or not (a seeded coin) and then throws; from then on every request
   * throws a permanent {@link StorageUnavailable} until {@link #heal()}. Returns this store.
   */
  public FaultyStore crashAfterPuts(long puts) {
    if (puts < 0) {
      throw new IllegalArgumentException("puts before the crash must not be negative: " + puts);
    }
    putsBeforeCrash.set(puts);
    return this;
  }

  /**
   * Stops injecting faults of every kind: the network came back, the disk was cleaned up, the
   * crashed store restarted. Returns this store.
   */
  public FaultyStore heal() {
    synchronized (faults) {
      faults.replaceAll((r, f) -> Faults.NONE);
    }
    answerLost.clear();
    streamCut = 0;
    diskFullAfter = -1;
    maxLatency = Duration.ZERO;
    putsBeforeCrash.set(Long.MAX_VALUE);
    crashed.set(false);
    return this;
  }

  /** True once the crash switch has fired (and until {@link #heal()}). */
  public boolean crashed() {
    return crashed.get();
  }

  /** How many faults were injected into requests of class {@code request}. */
  public long injected(Request request) {
    return injected.get(request).get();
  }

  /**
   * How many of the faults injected into reads broke a stream part-way ({@link #openRange}): the
   * retry layer does not see those, the reader of the stream does.
   */
  public long streamsCut() {
    return streamsCut.get();
  }

  /** How many faults were injected into requests of every class. */
  public long injected() {
    return injected.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** How many requests of class {@code request} were made, failed or not. */
  public long requests(Request request) {
    return requests.get(request).get();
  }

  /** The store behind the faults. */
  public BlobStore inner() {
    return inner;
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    String doing = "storing " + name;
    begin(Request.PUT, doing);
    if (diskFullAfter >= 0 && putsPassed.getAndIncrement() >= diskFullAfter) {
      injected.get(Request.PUT).incrementAndGet();
      throw new StorageUnavailable(doing + " in " + location() + ": the disk is full", true, null);
    }
    if (putsBeforeCrash.getAndDecrement() <= 0) {
      if (coin()) {
        inner.putIfAbsent(name, data, offset, length);
      }
      crashed.set(true);
      throw crash(doing);
    }
    return carryOut(
        Request.PUT,
        doing,
        () -> {
          boolean stored = inner.putIfAbsent(name, data, offset, length);
          if (answerLost.remove(name.kind())) {
            throw injectedFault(Request.PUT, doing, RESET);
          }
          return stored;
        });
  }

  @Override
  public byte[] get(BlobName name) {
    String doing = "reading " + name;
    begin(Request.GET, doing);
    return afterRead(doing, carryOut(Request.GET, doing, () -> inner.get(name)));
  }

  @Override
  public byte[] get(BlobName name, long maxBytes) {
    String doing = "reading " + name;
    begin(Request.GET, doing);
    return afterRead(doing, carryOut(Request.GET, doing, () -> inner.get(name, maxBytes)));
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    String doing = "reading " + length + " bytes at " + offset + " of " + name;
    begin(Request.GET, doing);
    return afterRead(
        doing, carryOut(Request.GET, doing, () -> inner.getRange(name, offset, length)));
  }

  /**
   * Opens the inner store's stream, failing like any read before it; then, as {@link #cutStreams}
   * says, breaks the stream part-way with the transient failure a dropped connection gives.
   */
  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    String doing = "reading " + length + " bytes at " + offset + " of " + name;
    begin(Request.GET, doing);
    InputStream in = carryOut(Request.GET, doing, () -> inner.openRange(name, offset, length));
    if (!happens(streamCut)) {
      return in;
    }
    long cut;
    synchronized (random) {
      cut = length == 0 ? 0 : (long) (random.nextDouble() * length);
    }
    injected.get(Request.GET).incrementAndGet();
    streamsCut.incrementAndGet();
    return new CutStream(in, cut, doing + " in " + location(), length);
  }

  @Override
  public boolean streamsRanges() {
    return inner.streamsRanges();
  }

  /** A stream that breaks after {@code cut} of its {@code length} bytes. */
  private static final class CutStream extends FilterInputStream {
    private final String doing;
    private final long length;
    private long left;

    CutStream(InputStream in, long cut, String doing, long length) {
      super(in);
      this.left = cut;
      this.doing = doing;
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (left == 0) {
        throw new StorageUnavailable(
            doing + ": injected connection drop after some of " + length + " bytes", false, null);
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(Math.min(n, left));
      left -= skipped;
      return skipped;
    }
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    String doing = "checking " + name;
    begin(Request.STAT, doing);
    return carryOut(Request.STAT, doing, () -> inner.stat(name));
  }

  /** A HEAD request like {@link #stat}, so it fails as a STAT does. */
  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    String doing = "reading the retention of " + name;
    begin(Request.STAT, doing);
    return carryOut(Request.STAT, doing, () -> inner.retainedUntil(name));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    String doing = "listing " + kind.folder();
    begin(Request.LIST, doing);
    return carryOut(Request.LIST, doing, () -> inner.list(kind));
  }

  @Override
  public void delete(BlobName name) {
    String doing = "deleting " + name;
    begin(Request.DELETE, doing);
    carryOut(
        Request.DELETE,
        doing,
        () -> {
          inner.delete(name);
          return null;
        });
  }

  /**
   * The inner store's location, so that the inner store's own messages match it; never fails, since
   * messages need it after a crash.
   */
  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }

  /** Counts the request, waits its latency, and fails it if the store has crashed. */
  private void begin(Request request, String doing) {
    requests.get(request).incrementAndGet();
    Duration max = maxLatency;
    if (!max.isZero()) {
      long nanos;
      synchronized (random) {
        nanos = (long) (random.nextDouble() * max.toNanos());
      }
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StorageUnavailable(doing + " in " + location() + ": interrupted", true, e);
      }
    }
    if (crashed.get()) {
      throw crash(doing);
    }
  }

  /** Fails before the store, or lets the store do it and then maybe loses the answer. */
  private <T> T carryOut(Request request, String doing, Supplier<T> work) {
    if (happens(faults(request).fail())) {
      throw injectedFault(request, doing, "injected transient failure (HTTP 503)");
    }
    T result = work.get();
    if (happens(faults(request).reset())) {
      throw injectedFault(request, doing, RESET);
    }
    return result;
  }

  private byte[] afterRead(String doing, byte[] data) {
    if (happens(faults(Request.GET).truncate())) {
      int cut;
      synchronized (random) {
        cut = data.length == 0 ? 0 : random.nextInt(data.length);
      }
      throw injectedFault(
          Request.GET,
          doing,
          "injected connection drop after " + cut + " of " + data.length + " bytes");
    }
    return data;
  }

  private static void requireProbability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability is between 0 and 1: " + p);
    }
  }

  private FaultyStore set(Request request, double p, UnaryOperator<Faults> op) {
    requireProbability(p);
    synchronized (faults) {
      faults.put(request, op.apply(faults.get(request)));
    }
    return this;
  }

  private Faults faults(Request request) {
    synchronized (faults) {
      return faults.get(request);
    }
  }

  /** Draws only for a non-zero probability, so a fault-free class consumes no randomness. */
  private boolean happens(double p) {
    if (p <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < p;
    }
  }

  private boolean coin() {
    synchronized (random) {
      return random.nextBoolean();
    }
  }

  private StorageUnavailable injectedFault(Request request, String doing, String what) {
    injected.get(request).incrementAndGet();
    return new StorageUnavailable(doing + " in " + location() + ": " + what, false, null);
  }

  private StorageUnavailable crash(String doing) {
    return new StorageUnavailable(doing + " in " + location() + ": simulated crash", true, null);
  }
}
