package dev.holdfast.tls.reload;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.CertifiedKey;
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

  private Reloader(
      LeafFiles leafFiles,
      TrustFiles trustFiles,
      Loaded<CertifiedKey> leaf,
      Loaded<TrustMaterial> trust,
      PeerIdentity expected,
      Clock clock) {
    this.leafFiles = leafFiles;
    this.trustFiles = trustFiles;
    this.keyManager = new ReloadingKeyManager(leaf.value());
    this.trustManager = new ReloadingTrustManager(trust.value(), expected, clock);
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
    return new Reloader(leaf, trust, loadLeaf(leaf), loadTrust(trust), expected, clock);
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
      byte[] digest = digest(leafFiles.certificate(), leafFiles.privateKey());
      if (!Arrays.equals(digest, leafDigest)) {
        Loaded<CertifiedKey> leaf = loadLeaf(leafFiles);
        keyManager.swap(leaf.value());
        leafDigest = leaf.digest();
        leafChanged = true;
      }
    } catch (TlsException e) {
      failures.add(e.getMessage() + "; still serving serial " + keyManager.current().serial());
    }
    try {
      byte[] digest = digest(trustFiles.bundle(), trustFiles.crls());
      if (!Arrays.equals(digest, trustDigest)) {
        Loaded<TrustMaterial> trust = loadTrust(trustFiles);
        trustManager.swap(trust.value());
        trustDigest = trust.digest();
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

  /** A value read from files with the hash of the bytes it was parsed from. */
  private record Loaded<T>(T value, byte[] digest) {}

  private static Loaded<CertifiedKey> loadLeaf(LeafFiles files) {
    byte[] certificate =
        AtomicFiles.read(files.certificate(), Pem.MAX_FILE_BYTES, "certificate file");
    byte[] key = AtomicFiles.read(files.privateKey(), Pem.MAX_FILE_BYTES, "private key file");
    CertifiedKey material =
        CertifiedKey.of(
            Pem.parsePrivateKey(key, files.privateKey().toString()),
            Pem.parseCertificates(certificate, files.certificate().toString()),
            files.privateKey() + " and " + files.certificate());
    return new Loaded<>(material, digest(certificate, key));
  }

  private static Loaded<TrustMaterial> loadTrust(TrustFiles files) {
    byte[] bundle = AtomicFiles.read(files.bundle(), Pem.MAX_FILE_BYTES, "trust bundle");
    byte[] crls =
        files.crls() == null
            ? new byte[0]
            : AtomicFiles.read(files.crls(), Pem.MAX_FILE_BYTES, "CRL file");
    String source =
        files.crls() == null ? files.bundle().toString() : files.bundle() + " and " + files.crls();
    TrustMaterial material =
        TrustMaterial.of(
            Pem.parseCertificates(bundle, files.bundle().toString()),
            files.crls() == null ? List.of() : Pem.parseCrls(crls, files.crls().toString()),
            source);
    return new Loaded<>(material, digest(bundle, crls));
  }

  private static byte[] digest(Path first, Path second) {
    byte[] a = AtomicFiles.read(first, Pem.MAX_FILE_BYTES, "file");
    byte[] b = second == null ? new byte[0] : AtomicFiles.read(second, Pem.MAX_FILE_BYTES, "file");
    return digest(a, b);
  }

  private static byte[] digest(byte[] first, byte[] second) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(ByteBuffer.allocate(8).putLong(first.length).flip());
      sha.update(first);
      sha.update(second);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
