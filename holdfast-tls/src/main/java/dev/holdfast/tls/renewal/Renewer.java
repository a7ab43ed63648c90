package dev.holdfast.tls.renewal;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.ca.LeafIssuer;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Keeps one peer's certificate fresh: {@link #renewIfDue()} replaces the certificate and key in its
 * {@link LeafFiles} (always with a new key) when the renewal point has come, when the files are
 * missing or unusable, when the certificate names other identities than the request, or when it was
 * signed by a CA that no longer signs (a CA rotation is re-issuing). {@link #rotateNow} is the
 * emergency path. A reloader watching the same files then serves the new material.
 *
 * <p>The jitter of each certificate's renewal time is drawn once from the injected random source
 * and kept, so repeated checks do not re-roll it. Safe for use by several threads.
 */
public final class Renewer {
  private final LeafIssuer issuer;
  private final LeafRequest request;
  private final LeafFiles files;
  private final RenewalPolicy policy;
  private final Clock clock;
  private final Random random; // null: the jitter comes from each certificate's serial
  private SerialNumber scheduledSerial;
  private Instant scheduledAt;

  /**
   * A renewer of the certificate in {@code files}, issued by {@code issuer} for {@code request},
   * that takes each certificate's jitter from its serial number ({@link
   * RenewalPolicy#renewAt(X509Certificate)}): for processes that check once and exit, such as
   * {@code holdfast tls renew} run from cron, so that every run agrees on the renewal time.
   */
  public Renewer(
      LeafIssuer issuer, LeafRequest request, LeafFiles files, RenewalPolicy policy, Clock clock) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.request = Objects.requireNonNull(request, "request");
    this.files = Objects.requireNonNull(files, "files");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = null;
  }

  /**
   * A renewer of the certificate in {@code files}, issued by {@code issuer} for {@code request},
   * drawing each certificate's jitter once from {@code random}.
   */
  public Renewer(
      LeafIssuer issuer,
      LeafRequest request,
      LeafFiles files,
      RenewalPolicy policy,
      Clock clock,
      Random random) {
    this.issuer = Objects.requireNonNull(issuer, "issuer");
    this.request = Objects.requireNonNull(request, "request");
    this.files = Objects.requireNonNull(files, "files");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** Renews the certificate if it is due, and says what it did. */
  public synchronized RenewalOutcome renewIfDue() {
    CertifiedKey current = null;
    String due = null;
    if (!files.exist()) {
      due = "there is no certificate yet";
    } else {
      try {
        current = files.read();
      } catch (TlsException e) {
        due = "the current files cannot be used: " + e.getMessage();
      }
    }
    if (current != null) {
      X509Certificate certificate = current.certificate();
      Instant renewAt = scheduledFor(certificate);
      Optional<String> reason =
          RenewalCheck.due(
              certificate, request, issuer.signingCertificate(), renewAt, policy, clock.instant());
      if (reason.isEmpty()) {
        return new RenewalOutcome(
            false,
            "not due until " + renewAt,
            current.serial(),
            certificate.getNotAfter().toInstant(),
            renewAt);
      }
      due = reason.get();
    }
    CertifiedKey fresh = issueAndWrite();
    return new RenewalOutcome(
        true,
        due,
        fresh.serial(),
        fresh.certificate().getNotAfter().toInstant(),
        scheduledFor(fresh.certificate()));
  }

  /**
   * Replaces the certificate and key now, whatever the schedule: the emergency path. When {@code
   * revokeOld} is set, the certificate replaced is revoked as key-compromised once the new one is
   * on disk, so that the next CRL refuses it everywhere.
   *
   * @return the new material
   */
  public synchronized CertifiedKey rotateNow(boolean revokeOld) {
    SerialNumber old = null;
    if (revokeOld && files.exist()) {
      try {
        old = SerialNumber.of(Pem.readCertificates(files.certificate()).get(0));
      } catch (TlsException e) {
        old = null; // nothing readable to revoke; the new certificate is what matters now
      }
    }
    CertifiedKey fresh = issueAndWrite();
    if (old != null) {
      issuer.revoke(old, RevocationReason.KEY_COMPROMISE);
    }
    return fresh;
  }

  /** When the certificate now on disk is due, if there is a readable one. */
  public synchronized Optional<Instant> nextRenewal() {
    try {
      return Optional.of(scheduledFor(files.read().certificate()));
    } catch (TlsException e) {
      return Optional.empty();
    }
  }

  private CertifiedKey issueAndWrite() {
    CertifiedKey fresh = issuer.issue(request);
    files.write(fresh);
    return fresh;
  }

  private Instant scheduledFor(X509Certificate certificate) {
    SerialNumber serial = SerialNumber.of(certificate);
    if (!serial.equals(scheduledSerial)) {
      scheduledSerial = serial;
      scheduledAt =
          random == null ? policy.renewAt(certificate) : policy.renewAt(certificate, random);
    }
    return scheduledAt;
  }
}
