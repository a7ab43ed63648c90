package dev.holdfast.tls.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.CertificateNotFoundException;
import dev.holdfast.tls.OperationRefusedException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.TlsStorageException;
import dev.holdfast.tls.WrongPasswordException;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authority on disk: created once, reopened with its passphrase only, issued leaves recorded
 * before they are handed out, revocations published in CRLs, and its state surviving a reopen.
 */
class AuthorityTest {
  private static final LeafRequest AGENT =
      LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  @Test
  void aNewAuthorityPublishesItsCaAndAnEmptyCrlAndKeepsItsFolderPrivate() throws Exception {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);

    assertThat(authority.rotation())
        .isEqualTo(new RotationState(RotationPhase.STABLE, 1, 0, clock.instant()));
    assertThat(Pem.readCertificates(authority.trustFiles().bundle()))
        .containsExactlyElementsOf(authority.trustedCertificates());
    List<X509CRL> crls = Pem.readCrls(authority.trustFiles().crls());
    assertThat(crls).hasSize(1);
    assertThat(crls.get(0).getRevokedCertificates()).isNull();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca"))))
        .isEqualTo("rwx------");
    assertThatThrownBy(() -> TlsFixtures.authority(dir.resolve("ca"), clock))
        .isInstanceOf(OperationRefusedException.class)
        .hasMessage("a certificate authority already exists in " + dir.resolve("ca"));
  }

  @Test
  void itReopensWithItsPassphraseOnly() {
    Authority created = TlsFixtures.authority(dir.resolve("ca"), clock);
    CertifiedKey leaf = created.issue(AGENT);

    Authority reopened =
        Authority.open(dir.resolve("ca"), TlsFixtures.protection(), clock, new SecureRandom());

    assertThat(reopened.validLeaves())
        .extracting(IssuedLeaf::serial)
        .containsExactly(leaf.serial());
    assertThat(reopened.signingCertificate()).isEqualTo(created.signingCertificate());
    assertThatThrownBy(
            () ->
                Authority.open(
                    dir.resolve("ca"),
                    KeyProtection.withPassphrase("guess".toCharArray()),
                    clock,
                    new SecureRandom()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageNotContaining("guess");
    assertThatThrownBy(
            () ->
                Authority.open(
                    dir.resolve("elsewhere"), TlsFixtures.protection(), clock, new SecureRandom()))
        .isInstanceOf(TlsStorageException.class)
        .hasMessage("no certificate authority in " + dir.resolve("elsewhere"));
  }

  @Test
  void aRevokedSerialIsInTheNextCrlUntilTheCertificateExpires() throws Exception {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    CertifiedKey leaf = authority.issue(AGENT);
    CertifiedKey other = authority.issue(AGENT);

    authority.revoke(leaf.serial(), RevocationReason.KEY_COMPROMISE);
    authority.revoke(leaf.serial(), RevocationReason.SUPERSEDED); // again: harmless

    X509CRL crl = Pem.readCrls(authority.trustFiles().crls()).get(0);
    assertThat(crl.getRevokedCertificate(leaf.serial().value())).isNotNull();
    assertThat(crl.getRevokedCertificate(other.serial().value())).isNull();
    assertThat(crl.getRevokedCertificates()).hasSize(1);
    assertThat(authority.validLeaves())
        .extracting(IssuedLeaf::serial)
        .containsExactly(other.serial());

    clock.advance(Duration.ofHours(25));
    authority.publish();
    assertThat(Pem.readCrls(authority.trustFiles().crls()).get(0).getRevokedCertificates())
        .as("expired certificates leave the CRL")
        .isNull();
  }

  @Test
  void revokingAnUnknownOrExpiredSerialIsNotFound() {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    CertifiedKey leaf = authority.issue(AGENT);
    clock.advance(Duration.ofHours(25));

    assertThatThrownBy(
            () -> authority.revoke(SerialNumber.parse("abc123"), RevocationReason.UNSPECIFIED))
        .isInstanceOf(CertificateNotFoundException.class)
        .hasMessage(
            "serial abc123 is not a valid certificate of this authority (unknown, or already"
                + " expired)");
    assertThatThrownBy(() -> authority.revoke(leaf.serial(), RevocationReason.UNSPECIFIED))
        .isInstanceOf(CertificateNotFoundException.class);
  }

  @Test
  void theRotationStateSurvivesAReopenAndCrlNumbersKeepGrowing() throws Exception {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    authority.beginRotation();

    Authority reopened =
        Authority.open(dir.resolve("ca"), TlsFixtures.protection(), clock, new SecureRandom());

    assertThat(reopened.rotation().phase()).isEqualTo(RotationPhase.INTRODUCING);
    assertThat(reopened.rotation().signing()).isEqualTo(1);
    assertThatThrownBy(reopened::beginRotation)
        .isInstanceOf(OperationRefusedException.class)
        .hasMessage("a CA rotation is already under way (INTRODUCING since 2026-03-01T08:00:00Z)");
    long before = crlNumber(reopened);
    reopened.publish();
    assertThat(crlNumber(reopened)).isGreaterThan(before);
  }

  @Test
  void advancingWithoutARotationIsRefused() {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    assertThatThrownBy(authority::advance)
        .isInstanceOf(OperationRefusedException.class)
        .hasMessage("no CA rotation is under way; begin one first");
  }

  @Test
  void revokedLeavesOfTheOldCaDoNotHoldUpItsRetirement() {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    CertifiedKey old = authority.issue(AGENT);
    authority.beginRotation();
    clock.advance(Duration.ofMinutes(10));
    authority.advance();
    assertThatThrownBy(authority::advance).isInstanceOf(OperationRefusedException.class);

    authority.revoke(old.serial(), RevocationReason.SUPERSEDED);

    assertThat(authority.advance().phase()).isEqualTo(RotationPhase.RETIRING);
  }

  @Test
  void aDamagedStateFileIsNamed() throws Exception {
    TlsFixtures.authority(dir.resolve("ca"), clock);
    Files.writeString(
        dir.resolve("ca/rotation"), "phase=SOMEWHERE\ncurrent=1\nprevious=0\nsince=x\n");

    assertThatThrownBy(
            () ->
                Authority.open(
                    dir.resolve("ca"), TlsFixtures.protection(), clock, new SecureRandom()))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(dir.resolve("ca/rotation") + ": a damaged rotation state");
  }

  private static long crlNumber(Authority authority) throws Exception {
    X509CRL crl = Pem.readCrls(authority.trustFiles().crls()).get(0);
    byte[] value = crl.getExtensionValue("2.5.29.20");
    return org.bouncycastle.asn1.ASN1Integer.getInstance(
            org.bouncycastle.asn1.ASN1OctetString.getInstance(value).getOctets())
        .getValue()
        .longValueExact();
  }
}
