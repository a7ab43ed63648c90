package dev.holdfast.tls.folder;

import dev.holdfast.tls.CertificateNotFoundException;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.SerialNumber;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code holdfast tls rotate --now}: the incident path. Every named leaf folder gets a new key and
 * certificate at once, optionally with the replaced certificates revoked; with a CA rotation, a new
 * CA generation signs them and the old one leaves the trust bundle at once (docs/TLS.md, "CA
 * rotation", "Emergency").
 */
public final class EmergencyRotation {
  private EmergencyRotation() {}

  /** A folder's new certificate and the one it replaced (empty when none was readable). */
  public record Reissued(LeafFolder folder, CertifiedKey fresh, Optional<SerialNumber> replaced) {}

  /**
   * What the rotation did.
   *
   * @param caState the rotation state afterwards; empty when the CA was not rotated
   * @param revoked the serials revoked
   * @param notReissued valid leaves of the authority that no named folder held: they live elsewhere
   *     and need re-issuing there (after a CA rotation they are no longer trusted)
   */
  public record Outcome(
      Optional<RotationState> caState,
      List<Reissued> reissued,
      List<SerialNumber> revoked,
      List<IssuedLeaf> notReissued) {
    /** Copies the lists. */
    public Outcome {
      reissued = List.copyOf(reissued);
      revoked = List.copyOf(revoked);
      notReissued = List.copyOf(notReissued);
    }
  }

  /**
   * Re-issues every folder of {@code folders} now.
   *
   * @param rotateCa first make a new CA generation that signs at once, ending any rotation under
   *     way; afterwards the CA generations before it leave the trust bundle (RETIRING), so their
   *     leaves are refused wherever the bundle is loaded
   * @param revoke revoke each replaced certificate (key compromise); one that has expired or that
   *     this authority did not issue needs no revocation and is left out
   */
  public static Outcome run(
      Authority authority, List<LeafFolder> folders, boolean rotateCa, boolean revoke) {
    if (rotateCa) {
      while (authority.rotation().phase() != RotationPhase.STABLE) {
        authority.forceAdvance();
      }
      authority.beginRotation();
      authority.forceAdvance(); // REISSUING: the new generation signs, both are trusted
    }
    List<Reissued> reissued = new ArrayList<>();
    List<SerialNumber> revoked = new ArrayList<>();
    for (LeafFolder folder : folders) {
      Optional<SerialNumber> replaced = currentSerial(folder);
      CertifiedKey fresh = folder.rotateNow();
      reissued.add(new Reissued(folder, fresh, replaced));
      if (revoke && replaced.isPresent()) {
        try {
          authority.revoke(replaced.get(), RevocationReason.KEY_COMPROMISE);
          revoked.add(replaced.get());
        } catch (CertificateNotFoundException e) {
          // expired, or not this authority's: peers refuse it already, nothing to revoke
        }
      }
    }
    Optional<RotationState> caState = Optional.empty();
    if (rotateCa) {
      caState = Optional.of(authority.forceAdvance()); // RETIRING: only the new generation trusted
    }
    for (LeafFolder folder : folders) {
      folder.refreshTrust(); // the final bundle and CRLs, with every revocation of this run
    }
    Set<SerialNumber> handled = new HashSet<>(revoked);
    for (Reissued r : reissued) {
      handled.add(r.fresh().serial());
      r.replaced().ifPresent(handled::add);
    }
    List<IssuedLeaf> notReissued =
        authority.validLeaves().stream().filter(l -> !handled.contains(l.serial())).toList();
    return new Outcome(caState, reissued, revoked, notReissued);
  }

  private static Optional<SerialNumber> currentSerial(LeafFolder folder) {
    try {
      return Optional.of(SerialNumber.of(folder.certificate()));
    } catch (TlsException e) {
      return Optional.empty(); // nothing readable to replace: the new certificate is what counts
    }
  }
}
