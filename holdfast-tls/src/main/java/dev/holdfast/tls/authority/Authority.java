package dev.holdfast.tls.authority;

import dev.holdfast.tls.CertificateNotFoundException;
import dev.holdfast.tls.OperationRefusedException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.LeafIssuer;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Revocation;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Holdfast's certificate authority as kept in one folder: one or two CA generations (each in {@code
 * ca-N/}, its key encrypted), the rotation state, the ledger of issued and revoked leaves, and the
 * trust bundle and CRLs it publishes in {@code trust/} for peers to load.
 *
 * <p>The rotation runs STABLE → INTRODUCING → REISSUING → RETIRING → STABLE (see {@link
 * RotationPhase} and docs/TLS.md). Each step first publishes the trust material of the new state
 * and then writes the {@code rotation} file, which is the commit point: after a crash the state on
 * disk never claims more than peers may have been given.
 *
 * <p>Every operation re-reads the state from disk under an exclusive file lock, so several
 * processes (the operator and a command) can share one authority. Instances are thread-safe.
 */
public final class Authority implements LeafIssuer {
  private static final String SETTINGS = "settings";
  private static final String ROTATION = "rotation";
  private static final String ISSUED = "issued";
  private static final String REVOKED = "revoked";
  private static final String LOCK = "lock";
  private static final String TRUST = "trust";
  private static final String CRL_NUMBER = "crl-number";
  private static final long MAX_STATE_BYTES = 64L << 20;

  private final Path home;
  private final AuthoritySettings settings;
  private final KeyProtection protection;
  private final Clock clock;
  private final SecureRandom random;
  private final Map<Integer, CertificateAuthority> generations = new HashMap<>();

  private Authority(
      Path home,
      AuthoritySettings settings,
      KeyProtection protection,
      Clock clock,
      SecureRandom random) {
    this.home = home;
    this.settings = settings;
    this.protection = Objects.requireNonNull(protection, "protection");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Creates an authority in {@code home} (created 0700) with its first CA generation and publishes
   * its trust bundle.
   *
   * @throws OperationRefusedException when an authority already exists there
   */
  public static Authority create(
      Path home,
      AuthoritySettings settings,
      KeyProtection protection,
      Clock clock,
      SecureRandom random) {
    if (Files.exists(home.resolve(ROTATION))) {
      throw new OperationRefusedException("a certificate authority already exists in " + home);
    }
    AtomicFiles.createPrivateFolder(home);
    Authority authority = new Authority(home, settings, protection, clock, random);
    authority.locked(
        () -> {
          AtomicFiles.write(home.resolve(SETTINGS), settings.format(), Visibility.PRIVATE);
          authority.newGeneration(1);
          RotationState stable = new RotationState(RotationPhase.STABLE, 1, 0, clock.instant());
          authority.commit(stable);
          return stable;
        });
    return authority;
  }

  /**
   * Opens the authority in {@code home}, decrypting the key of the CA that signs now.
   *
   * @throws TlsStorageException when there is no authority there
   * @throws dev.holdfast.tls.WrongPasswordException when the passphrase does not open the CA key
   */
  public static Authority open(
      Path home, KeyProtection protection, Clock clock, SecureRandom random) {
    if (!Files.exists(home.resolve(ROTATION))) {
      throw new TlsStorageException("no certificate authority in " + home);
    }
    Path settingsFile = home.resolve(SETTINGS);
    AuthoritySettings settings =
        AuthoritySettings.parse(
            AtomicFiles.read(settingsFile, MAX_STATE_BYTES, "authority settings"),
            settingsFile.toString());
    Authority authority = new Authority(home, settings, protection, clock, random);
    authority.signingCertificate(); // opens the signing key now: a wrong passphrase fails here
    return authority;
  }

  /**
   * The scrypt cost that the key of the CA signing in {@code home} was written with, read without
   * the passphrase. Commands open the authority at that cost, so that later CA generations are
   * encrypted as the first one was when it was created.
   *
   * @throws TlsStorageException when there is no authority there
   */
  public static Optional<ScryptCost> keyCost(Path home) {
    if (!Files.exists(home.resolve(ROTATION))) {
      throw new TlsStorageException("no certificate authority in " + home);
    }
    Path key = folder(home, readState(home).signing()).resolve(CertificateAuthority.KEY_FILE);
    return Pem.scryptCost(
        AtomicFiles.read(key, Pem.MAX_FILE_BYTES, "private key file"), key.toString());
  }

  /** The settings the authority was created with. */
  public AuthoritySettings settings() {
    return settings;
  }

  /** The rotation state on disk now. */
  public RotationState rotation() {
    return locked(this::readState);
  }

  /** Where the rotation stands and what its next step waits for. */
  public RotationProgress progress() {
    return locked(
        () ->
            RotationProgress.of(
                readState(), settings, valid(readIssued(), readRevoked(), clock.instant())));
  }

  /** Where the authority publishes its trust bundle ({@code trust/ca.crt}) and CRLs. */
  public TrustFiles trustFiles() {
    return TrustFiles.in(home.resolve(TRUST));
  }

  /** The CA certificates peers must trust now, signing CA first. */
  public List<X509Certificate> trustedCertificates() {
    return locked(
        () -> readState().trusted().stream().map(g -> generation(g).certificate()).toList());
  }

  /** Leaves issued here that have neither expired nor been revoked, oldest expiry first. */
  public List<IssuedLeaf> validLeaves() {
    return locked(() -> valid(readIssued(), readRevoked(), clock.instant()));
  }

  @Override
  public CertifiedKey issue(LeafRequest request) {
    return locked(
        () -> {
          Instant now = clock.instant();
          int signing = readState().signing();
          CertifiedKey leaf = generation(signing).issue(request);
          List<IssuedLeaf> issued = unexpired(readIssued(), now);
          issued.add(
              new IssuedLeaf(
                  signing,
                  leaf.serial(),
                  leaf.certificate().getNotAfter().toInstant(),
                  Certificates.subject(leaf.certificate())));
          // recorded before it is handed out: the rotation never overlooks a leaf in use
          write(ISSUED, Ledger.formatIssued(issued));
          return leaf;
        });
  }

  @Override
  public X509Certificate signingCertificate() {
    return locked(() -> generation(readState().signing()).certificate());
  }

  @Override
  public void revoke(SerialNumber serial, RevocationReason reason) {
    locked(
        () -> {
          Instant now = clock.instant();
          IssuedLeaf leaf =
              unexpired(readIssued(), now).stream()
                  .filter(l -> l.serial().equals(serial))
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new CertificateNotFoundException(
                              "serial "
                                  + serial
                                  + " is not a valid certificate of this authority (unknown, or"
                                  + " already expired)"));
          List<RevokedLeaf> revoked = current(readRevoked(), now);
          if (revoked.stream().noneMatch(r -> r.revocation().serial().equals(serial))) {
            revoked.add(
                new RevokedLeaf(
                    leaf.generation(), new Revocation(serial, reason, now), leaf.notAfter()));
            write(REVOKED, Ledger.formatRevoked(revoked));
            publish(readState());
          }
          return null;
        });
  }

  /**
   * Re-signs the CRLs and rewrites the trust files. Call it well within the CRL lifetime (daily for
   * the default week) so peers never hold a CRL past its nextUpdate.
   */
  public void publish() {
    locked(
        () -> {
          publish(readState());
          return null;
        });
  }

  /**
   * Starts a CA rotation: makes the next CA generation and publishes a bundle trusting both. The
   * old CA keeps signing until {@link #advance()} after the propagation delay.
   *
   * @throws OperationRefusedException when a rotation is already under way
   */
  public RotationState beginRotation() {
    return locked(
        () -> {
          RotationState state = readState();
          if (state.phase() != RotationPhase.STABLE) {
            throw new OperationRefusedException(
                "a CA rotation is already under way ("
                    + state.phase()
                    + " since "
                    + state.since()
                    + ")");
          }
          RotationState introducing = state.begin(clock.instant());
          newGeneration(introducing.current());
          commit(introducing);
          return introducing;
        });
  }

  /**
   * Takes the next rotation step if it is safe now: INTRODUCING → REISSUING once every peer can
   * have loaded the new bundle; REISSUING → RETIRING once no valid leaf of the old CA is left;
   * RETIRING → STABLE once every peer can have dropped the old CA.
   *
   * @throws OperationRefusedException saying what it waits for and until when
   */
  public RotationState advance() {
    return locked(() -> step(false));
  }

  /**
   * Takes the next rotation step without waiting: the emergency path when the old CA is
   * compromised. Peers that have not loaded the new bundle yet refuse the new CA's leaves, and
   * leaves of the old CA still in use are refused once it is retired; that is the point.
   */
  public RotationState forceAdvance() {
    return locked(() -> step(true));
  }

  private RotationState step(boolean force) {
    RotationState state = readState();
    Instant now = clock.instant();
    switch (state.phase()) {
      case INTRODUCING:
        {
          Instant ready = state.since().plus(settings.propagationDelay());
          if (!force && now.isBefore(ready)) {
            throw new OperationRefusedException(
                "CA generation "
                    + state.current()
                    + " joined the trust bundle at "
                    + state.since()
                    + "; peers may take "
                    + settings.propagationDelay()
                    + " to load it, so it signs from "
                    + ready
                    + " (now "
                    + now
                    + ")");
          }
          RotationState reissuing = state.advanced(now);
          commit(reissuing);
          return reissuing;
        }
      case REISSUING:
        {
          List<IssuedLeaf> left =
              valid(readIssued(), readRevoked(), now).stream()
                  .filter(l -> l.generation() == state.previous())
                  .toList();
          if (!force && !left.isEmpty()) {
            throw new OperationRefusedException(
                left.size()
                    + " leaves signed by CA generation "
                    + state.previous()
                    + " are still valid, the last until "
                    + left.get(left.size() - 1).notAfter()
                    + "; that CA stays trusted until they are renewed and expire, or are revoked");
          }
          RotationState retiring = state.advanced(now);
          commit(retiring);
          generations.remove(state.previous());
          AtomicFiles.delete(folder(state.previous()).resolve(CertificateAuthority.KEY_FILE));
          return retiring;
        }
      case RETIRING:
        {
          Instant ready = state.since().plus(settings.propagationDelay());
          if (!force && now.isBefore(ready)) {
            throw new OperationRefusedException(
                "peers may trust retired CA generation "
                    + state.previous()
                    + " until "
                    + ready
                    + " (now "
                    + now
                    + ")");
          }
          RotationState stable = state.advanced(now);
          commit(stable);
          deleteFolder(folder(state.previous()));
          return stable;
        }
      default:
        throw new OperationRefusedException("no CA rotation is under way; begin one first");
    }
  }

  /** Publishes the trust material of {@code state}, then records {@code state}: the commit. */
  private void commit(RotationState state) {
    publish(state);
    write(ROTATION, state.format());
  }

  private void publish(RotationState state) {
    Instant now = clock.instant();
    List<RevokedLeaf> revoked = current(readRevoked(), now);
    List<X509Certificate> certificates = new ArrayList<>();
    List<X509CRL> crls = new ArrayList<>();
    for (int g : state.trusted()) {
      CertificateAuthority ca = generation(g);
      certificates.add(ca.certificate());
      List<Revocation> entries =
          revoked.stream().filter(r -> r.generation() == g).map(RevokedLeaf::revocation).toList();
      crls.add(ca.revocationList(entries, settings.crlLifetime(), nextCrlNumber(g)));
    }
    AtomicFiles.createPrivateFolder(home.resolve(TRUST));
    trustFiles().write(certificates, crls);
  }

  private void newGeneration(int generation) {
    CertificateAuthority ca =
        CertificateAuthority.create(
            settings.name() + " " + generation,
            settings.keyAlgorithm(),
            settings.caLifetime(),
            clock,
            random);
    ca.save(folder(generation), protection);
    AtomicFiles.delete(folder(generation).resolve(CRL_NUMBER)); // left by a crashed attempt
    generations.put(generation, ca);
  }

  private CertificateAuthority generation(int generation) {
    return generations.computeIfAbsent(
        generation, g -> CertificateAuthority.load(folder(g), protection, clock, random));
  }

  private long nextCrlNumber(int generation) {
    Path file = folder(generation).resolve(CRL_NUMBER);
    long number = 1;
    if (Files.exists(file)) {
      String text = new String(AtomicFiles.read(file, 64, "CRL number"), StandardCharsets.US_ASCII);
      try {
        number = Long.parseLong(text.strip()) + 1;
      } catch (NumberFormatException e) {
        throw new TlsMaterialException(file + ": not a CRL number");
      }
    }
    AtomicFiles.write(
        file, (number + "\n").getBytes(StandardCharsets.US_ASCII), Visibility.PRIVATE);
    return number;
  }

  private Path folder(int generation) {
    return folder(home, generation);
  }

  private static Path folder(Path home, int generation) {
    return home.resolve("ca-" + generation);
  }

  private RotationState readState() {
    return readState(home);
  }

  private static RotationState readState(Path home) {
    Path file = home.resolve(ROTATION);
    return RotationState.parse(
        AtomicFiles.read(file, MAX_STATE_BYTES, "rotation state"), file.toString());
  }

  private List<IssuedLeaf> readIssued() {
    Path file = home.resolve(ISSUED);
    return Files.exists(file)
        ? Ledger.parseIssued(
            AtomicFiles.read(file, MAX_STATE_BYTES, "issued ledger"), file.toString())
        : new ArrayList<>();
  }

  private List<RevokedLeaf> readRevoked() {
    Path file = home.resolve(REVOKED);
    return Files.exists(file)
        ? Ledger.parseRevoked(
            AtomicFiles.read(file, MAX_STATE_BYTES, "revocation ledger"), file.toString())
        : new ArrayList<>();
  }

  private void write(String name, byte[] content) {
    AtomicFiles.write(home.resolve(name), content, Visibility.PRIVATE);
  }

  private static List<IssuedLeaf> unexpired(List<IssuedLeaf> leaves, Instant now) {
    return new ArrayList<>(leaves.stream().filter(l -> l.notAfter().isAfter(now)).toList());
  }

  private static List<RevokedLeaf> current(List<RevokedLeaf> leaves, Instant now) {
    return new ArrayList<>(leaves.stream().filter(l -> l.notAfter().isAfter(now)).toList());
  }

  private static List<IssuedLeaf> valid(
      List<IssuedLeaf> issued, List<RevokedLeaf> revoked, Instant now) {
    List<SerialNumber> revokedSerials = revoked.stream().map(r -> r.revocation().serial()).toList();
    return unexpired(issued, now).stream()
        .filter(l -> !revokedSerials.contains(l.serial()))
        .sorted(Comparator.comparing(IssuedLeaf::notAfter))
        .toList();
  }

  private static void deleteFolder(Path folder) {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        AtomicFiles.delete(file);
      }
      AtomicFiles.delete(folder);
    } catch (IOException e) {
      throw new TlsStorageException(
          "removing retired CA folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code action} holding this object's monitor and the authority's file lock. */
  private synchronized <T> T locked(Supplier<T> action) {
    try (FileChannel channel =
        FileChannel.open(home.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        return action.get();
      } finally {
        lock.release();
      }
    } catch (IOException e) {
      throw new TlsStorageException(
          "locking the certificate authority in " + home + ": " + e.getMessage(), e);
    }
  }
}
