package dev.holdfast.core.storage;

import dev.holdfast.core.StorageUnavailable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobStore} decorator for tests that fails on purpose: seeded random transient failures
 * per request class, reads cut off part-way, and a crash after a number of puts. The same seed and
 * the same single-threaded calls give the same faults.
 */
public final class FaultInjectingBlobStore implements BlobStore {

  /** The classes of request a {@link Policy} applies to; {@code GET} covers get and getRange. */
  public enum Op {
    PUT,
    GET,
    LIST,
    DELETE,
    STAT
  }

  /**
   * How one class of request fails.
   *
   * @param failure probability that a request fails transiently before it reaches the store
   * @param truncatedRead probability (GET only) that a read fails after the store answered, as a
   *     connection dropped mid-body would; the SPI forbids short results, so it throws
   */
  public record Policy(double failure, double truncatedRead) {
    /** No faults. */
    public static final Policy NONE = new Policy(0, 0);

    public Policy {
      if (!(failure >= 0 && failure <= 1) || !(truncatedRead >= 0 && truncatedRead <= 1)) {
        throw new IllegalArgumentException(
            "fault probabilities must be in [0, 1]: " + failure + ", " + truncatedRead);
      }
    }

    /** Transient failures with probability {@code failure}, no truncated reads. */
    public static Policy failing(double failure) {
      return new Policy(failure, 0);
    }
  }

  private final BlobStore inner;
  private final Random random;
  private final Map<Op, Policy> policies = new EnumMap<>(Op.class);
  private final AtomicLong putsBeforeCrash = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean crashed = new AtomicBoolean();
  private final AtomicLong injected = new AtomicLong();

  /**
   * Wraps {@code inner}; request classes missing from {@code policies} never fail.
   *
   * @param random the source of every fault decision; seed it so a failure can be replayed
   */
  public FaultInjectingBlobStore(BlobStore inner, Random random, Map<Op, Policy> policies) {
    this.inner = inner;
    this.random = random;
    for (Op op : Op.values()) {
      Policy policy = policies.getOrDefault(op, Policy.NONE);
      if (op != Op.GET && policy.truncatedRead() > 0) {
        throw new IllegalArgumentException("only GET requests can be truncated, not " + op);
      }
      this.policies.put(op, policy);
    }
  }

  /** Wraps {@code inner} without random faults, e.g. to arm only {@link #crashAfterPuts}. */
  public FaultInjectingBlobStore(BlobStore inner, Random random) {
    this(inner, random, Map.of());
  }

  /**
   * Arms the crash switch: {@code puts} more puts reach the store, then the next put crashes it.
   * Like a real crash, which strikes just before or just after the blob is published, that put
   * lands in the inner store or not (a coin toss from the seeded random) and then throws; from then
   * on every request throws a permanent {@link StorageUnavailable}. Inspect the inner store, or
   * wrap it anew, to play the restart.
   */
  public void crashAfterPuts(long puts) {
    if (puts < 0) {
      throw new IllegalArgumentException("puts before the crash must not be negative: " + puts);
    }
    putsBeforeCrash.set(puts);
  }

  /** True once the crash switch has fired. */
  public boolean crashed() {
    return crashed.get();
  }

  /** How many random failures and truncated reads were injected (not counting the crash). */
  public long injectedFailures() {
    return injected.get();
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    before(Op.PUT, "storing", name);
    if (putsBeforeCrash.getAndDecrement() <= 0) {
      if (random.nextBoolean()) {
        inner.putIfAbsent(name, data, offset, length);
      }
      crashed.set(true);
      throw crash("storing", name);
    }
    return inner.putIfAbsent(name, data, offset, length);
  }

  @Override
  public byte[] get(BlobName name) {
    before(Op.GET, "reading", name);
    return afterRead(name, inner.get(name));
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    before(Op.GET, "reading", name);
    return afterRead(name, inner.getRange(name, offset, length));
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    before(Op.STAT, "checking", name);
    return inner.stat(name);
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    before(Op.LIST, "listing", kind.folder());
    return inner.list(kind);
  }

  @Override
  public void delete(BlobName name) {
    before(Op.DELETE, "deleting", name);
    inner.delete(name);
  }

  /** The inner store's location; never fails, since messages need it even after a crash. */
  @Override
  public String location() {
    return inner.location();
  }

  @Override
  public void close() {
    inner.close();
  }

  private void before(Op op, String doing, Object what) {
    if (crashed.get()) {
      throw crash(doing, what);
    }
    if (happens(policies.get(op).failure())) {
      injected.incrementAndGet();
      throw new StorageUnavailable(
          doing + " " + what + " in " + location() + ": injected transient failure", false, null);
    }
  }

  private byte[] afterRead(BlobName name, byte[] data) {
    if (happens(policies.get(Op.GET).truncatedRead())) {
      injected.incrementAndGet();
      int cut = data.length == 0 ? 0 : random.nextInt(data.length);
      throw new StorageUnavailable(
          "reading "
              + name
              + " in "
              + location()
              + ": injected connection drop after "
              + cut
              + " of "
              + data.length
              + " bytes",
          false,
          null);
    }
    return data;
  }

  /**
   * Draws only for a non-zero probability, so a fault-free request class consumes no randomness.
   */
  private boolean happens(double probability) {
    return probability > 0 && random.nextDouble() < probability;
  }

  private StorageUnavailable crash(String doing, Object what) {
    return new StorageUnavailable(
        doing + " " + what + " in " + location() + ": simulated crash", true, null);
  }
}
