package dev.holdfast.core.testing;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A storage decorator that injects failures for fault tests, as Kopia's fault-injecting blob
 * storage does. Each request class fails with a seeded probability, with a transient {@link
 * StorageUnavailable} as a flaky network or server would; a failed PUT either never reached the
 * store or was stored but its reply was lost (a coin decides). A "disk full" switch makes every PUT
 * after the first {@code n} fail permanently, writing nothing. Thread-safe; with several threads
 * the seed fixes the sequence of decisions, not which request gets which.
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

  private final BlobStore inner;
  private final Random random;
  private final Map<Request, Double> probability = new EnumMap<>(Request.class);
  private final Map<Request, AtomicLong> injected = new EnumMap<>(Request.class);
  private final Map<Request, AtomicLong> requests = new EnumMap<>(Request.class);
  private final AtomicLong putsPassed = new AtomicLong();
  private volatile long diskFullAfter = -1;

  public FaultyStore(BlobStore inner, long seed) {
    this.inner = inner;
    this.random = new Random(seed);
    for (Request r : Request.values()) {
      probability.put(r, 0.0);
      injected.put(r, new AtomicLong());
      requests.put(r, new AtomicLong());
    }
  }

  /** Makes requests of class {@code request} fail with {@code p} (0 to 1); returns this store. */
  public FaultyStore fail(Request request, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("a probability is between 0 and 1: " + p);
    }
    synchronized (probability) {
      probability.put(request, p);
    }
    return this;
  }

  /** Lets the next {@code n} PUTs through, then refuses every PUT as a full disk would. */
  public FaultyStore diskFullAfterPuts(long n) {
    putsPassed.set(0);
    diskFullAfter = n;
    return this;
  }

  /** Stops injecting faults of every kind (the disk was cleaned up, the network came back). */
  public FaultyStore heal() {
    synchronized (probability) {
      probability.replaceAll((r, p) -> 0.0);
    }
    diskFullAfter = -1;
    return this;
  }

  /** How many faults were injected into requests of class {@code request}. */
  public long injected(Request request) {
    return injected.get(request).get();
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
    boolean fault = roll(Request.PUT);
    if (diskFullAfter >= 0 && putsPassed.getAndIncrement() >= diskFullAfter) {
      injected.get(Request.PUT).incrementAndGet();
      throw new StorageUnavailable(
          "writing " + name + " to " + location() + ": the disk is full", true, null);
    }
    if (!fault) {
      return inner.putIfAbsent(name, data, offset, length);
    }
    if (coin()) {
      inner.putIfAbsent(name, data, offset, length);
      throw transientFault(Request.PUT, "writing " + name + " (stored, but the reply was lost)");
    }
    throw transientFault(Request.PUT, "writing " + name);
  }

  @Override
  public byte[] get(BlobName name) {
    if (roll(Request.GET)) {
      throw transientFault(Request.GET, "reading " + name);
    }
    return inner.get(name);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    if (roll(Request.GET)) {
      throw transientFault(Request.GET, "reading " + name + " at " + offset);
    }
    return inner.getRange(name, offset, length);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    if (roll(Request.STAT)) {
      throw transientFault(Request.STAT, "reading the size of " + name);
    }
    return inner.stat(name);
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    if (roll(Request.LIST)) {
      throw transientFault(Request.LIST, "listing " + kind.folder());
    }
    return inner.list(kind);
  }

  @Override
  public void delete(BlobName name) {
    if (roll(Request.DELETE)) {
      throw transientFault(Request.DELETE, "deleting " + name);
    }
    inner.delete(name);
  }

  @Override
  public String location() {
    return "faulty " + inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }

  private boolean roll(Request request) {
    requests.get(request).incrementAndGet();
    double p;
    synchronized (probability) {
      p = probability.get(request);
    }
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

  private StorageUnavailable transientFault(Request request, String doing) {
    injected.get(request).incrementAndGet();
    return new StorageUnavailable(doing + " in " + location() + ": injected fault", false, null);
  }
}
