package dev.holdfast.tls.reload;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.TrustMaterial;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a peer's TLS files and swaps new material into its {@link ReloadingKeyManager} and {@link
 * ReloadingTrustManager}: on an explicit {@link #reload()} or by polling on an interval. A file
 * counts as changed when its content hash changes (modification times are too coarse and Kubernetes
 * swaps secret volumes by symlink). New material is parsed and checked in full before it is swapped
 * in; material that fails (a key of another certificate, half-written files, a damaged PEM) is
 * reported and the current material stays in force, to be retried next time.
 *
 * <p>Owns its polling thread; {@link #close()} stops it.
 */
public final class Reloader implements AutoCloseable {
  private final LeafFiles leafFiles;
  private final TrustFiles trustFiles;
  private final ReloadingKeyManager keyManager;
  private final ReloadingTrustManager trustManager;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private byte[] leafDigest;
  private byte[] trustDigest;
  private ReloadReport lastReport = new ReloadReport(false, false, List.of());
  private ScheduledExecutorService poller;

  private Reloader(LeafFiles leafFiles, TrustFiles trustFiles, PeerIdentity expected, Clock clock) {
    this.leafFiles = leafFiles;
    this.trustFiles = trustFiles;
    Bytes leaf = Bytes.read(leafFiles.certificate(), leafFiles.privateKey());
    Bytes trust = Bytes.read(trustFiles.bundle(), trustFiles.crls());
    this.keyManager = new ReloadingKeyManager(leafFiles.parse(leaf.first(), leaf.second()));
    this.trustManager =
        new ReloadingTrustManager(
            TrustMaterial.parse(trustFiles, trust.first(), trust.second()), expected, clock);
    this.leafDigest = leaf.digest();
    this.trustDigest = trust.digest();
  }

  /**
   * Loads the peer's material from {@code leaf} and {@code trust} and returns a reloader serving
   * it; peers must be {@code expected}, checked at {@code clock}.
   *
   * @throws TlsException naming the file when the initial material cannot be used
   */
  public static Reloader load(
      LeafFiles leaf, TrustFiles trust, PeerIdentity expected, Clock clock) {
    Objects.requireNonNull(clock, "clock");
    return new Reloader(leaf, trust, expected, clock);
  }

  /** The files of this peer's own certificate and key. */
  public LeafFiles leafFiles() {
    return leafFiles;
  }

  /** The files of the CAs (and CRLs) this peer trusts. */
  public TrustFiles trustFiles() {
    return trustFiles;
  }

  /** The key manager this reloader feeds. */
  public ReloadingKeyManager keyManager() {
    return keyManager;
  }

  /** The trust manager this reloader feeds. */
  public ReloadingTrustManager trustManager() {
    return trustManager;
  }

  /** Runs {@code listener} after every reload that swapped something. */
  public void onChange(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Reads the files and swaps in whatever changed and checks out. Never throws for bad material:
   * the report says what was not taken and why.
   */
  public synchronized ReloadReport reload() {
    List<String> failures = new ArrayList<>();
    boolean leafChanged = false;
    boolean trustChanged = false;
    try {
      Bytes bytes = Bytes.read(leafFiles.certificate(), leafFiles.privateKey());
      if (!Arrays.equals(bytes.digest(), leafDigest)) {
        keyManager.swap(leafFiles.parse(bytes.first(), bytes.second()));
        leafDigest = bytes.digest();
        leafChanged = true;
      }
    } catch (TlsException e) {
      failures.add(e.getMessage() + "; still serving serial " + keyManager.current().serial());
    }
    try {
      Bytes bytes = Bytes.read(trustFiles.bundle(), trustFiles.crls());
      if (!Arrays.equals(bytes.digest(), trustDigest)) {
        trustManager.swap(TrustMaterial.parse(trustFiles, bytes.first(), bytes.second()));
        trustDigest = bytes.digest();
        trustChanged = true;
      }
    } catch (TlsException e) {
      failures.add(e.getMessage() + "; keeping the trust material loaded before");
    }
    if (leafChanged || trustChanged) {
      for (Runnable listener : listeners) {
        try {
          listener.run();
        } catch (RuntimeException e) {
          failures.add("a reload listener failed: " + e);
        }
      }
    }
    lastReport = new ReloadReport(leafChanged, trustChanged, failures);
    return lastReport;
  }

  /** The report of the last reload, for status displays. */
  public synchronized ReloadReport lastReport() {
    return lastReport;
  }

  /**
   * Starts polling the files every {@code interval} on a daemon thread this reloader owns.
   *
   * @throws IllegalStateException when already polling
   */
  public synchronized void poll(Duration interval) {
    if (poller != null) {
      throw new IllegalStateException("already polling");
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "holdfast-tls-reloader");
              thread.setDaemon(true);
              return thread;
            });
    long millis = interval.toMillis();
    poller.scheduleWithFixedDelay(this::reload, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  /** The contents of two files (the second optional) and their hash, read once. */
  private record Bytes(byte[] first, byte[] second, byte[] digest) {
    static Bytes read(Path first, Path second) {
      byte[] a = AtomicFiles.read(first, Pem.MAX_FILE_BYTES, "file");
      byte[] b =
          second == null ? new byte[0] : AtomicFiles.read(second, Pem.MAX_FILE_BYTES, "file");
      try {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ByteBuffer.allocate(8).putLong(a.length).flip());
        sha.update(a);
        sha.update(b);
        return new Bytes(a, b, sha.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JDK", e);
      }
    }
  }
}
