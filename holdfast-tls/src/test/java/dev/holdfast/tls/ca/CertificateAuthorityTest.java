package dev.holdfast.tls.ca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.OperationRefusedException;
import dev.holdfast.tls.WrongPasswordException;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CA certificate, the leaves it issues and the CRLs it signs carry exactly what RFC 5280 and
 * TLS peers need.
 */
class CertificateAuthorityTest {
  private static final boolean DIGITAL_SIGNATURE = true;
  private final MutableClock clock = new MutableClock();
  private final CertificateAuthority ca =
      CertificateAuthority.create(
          "Test CA 1", KeyAlgorithm.ECDSA_P256, Duration.ofDays(365), clock, new SecureRandom());
  @TempDir Path dir;

  @Test
  void theCaCertificateSignsLeavesOnly() throws Exception {
    X509Certificate certificate = ca.certificate();

    assertThat(Certificates.subject(certificate)).isEqualTo("CN=Test CA 1");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).as("CA with path length 0").isZero();
    assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.19", "2.5.29.15");
    boolean[] usage = certificate.getKeyUsage();
    assertThat(usage[5]).as("keyCertSign").isTrue();
    assertThat(usage[6]).as("cRLSign").isTrue();
    assertThat(usage[0]).as("digitalSignature").isFalse();
    assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
    assertThat(certificate.getNotBefore().toInstant())
        .isEqualTo(clock.instant().minus(CertificateAuthority.CLOCK_SKEW));
    certificate.verify(certificate.getPublicKey());
  }

  @Test
  void aLeafHasAFreshKeyItsNamesAndTheUsagesOfItsRole() throws Exception {
    LeafRequest request =
        LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1")
            .withDnsNames("Agent-1.Holdfast.svc")
            .withIpAddresses("10.0.0.7", "::1");
    CertifiedKey first = ca.issue(request);
    CertifiedKey second = ca.issue(request);
    X509Certificate leaf = first.certificate();

    assertThat(first.privateKey()).isNotEqualTo(second.privateKey());
    assertThat(first.serial()).isNotEqualTo(second.serial());
    assertThat(first.chain()).containsExactly(leaf);
    leaf.verify(ca.certificate().getPublicKey());
    assertThat(Certificates.subject(leaf)).isEqualTo("CN=agent-1");
    assertThat(Certificates.alternativeNames(leaf))
        .containsExactly(
            "DNS:agent-1.holdfast.svc",
            "IP:10.0.0.7",
            "IP:0:0:0:0:0:0:0:1",
            "URI:spiffe://holdfast/agent/node-1");
    assertThat(leaf.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(leaf.getKeyUsage()[0]).isEqualTo(DIGITAL_SIGNATURE);
    assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment is for RSA keys only").isFalse();
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(leaf.getNotBefore().toInstant())
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)));
    assertThat(leaf.getNotAfter().toInstant())
        .isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    byte[] ski =
        SubjectKeyIdentifier.getInstance(octets(ca.certificate(), Extension.subjectKeyIdentifier))
            .getKeyIdentifier();
    byte[] aki =
        AuthorityKeyIdentifier.getInstance(octets(leaf, Extension.authorityKeyIdentifier))
            .getKeyIdentifier();
    assertThat(aki).isEqualTo(ski);
    assertThat(octets(leaf, Extension.subjectKeyIdentifier)).isNotNull();
  }

  @Test
  void serverAndBothUsagesCarryTheirPurposes() throws Exception {
    X509Certificate server =
        ca.issue(LeafRequest.of("s", Usage.SERVER, "spiffe://holdfast/server")).certificate();
    X509Certificate both =
        ca.issue(LeafRequest.of("b", Usage.BOTH, "spiffe://holdfast/agent/b")).certificate();
    assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(both.getExtendedKeyUsage())
        .containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
  }

  @Test
  void anRsaCaIssuesRsaLeavesThatMayAlsoEncipher() {
    CertificateAuthority rsa =
        CertificateAuthority.create(
            "RSA CA", KeyAlgorithm.RSA_3072, Duration.ofDays(30), clock, new SecureRandom());
    X509Certificate leaf =
        rsa.issue(
                LeafRequest.of("legacy", Usage.SERVER, "spiffe://holdfast/legacy")
                    .withKeyAlgorithm(KeyAlgorithm.RSA_3072))
            .certificate();

    assertThat(((RSAPublicKey) rsa.certificate().getPublicKey()).getModulus().bitLength())
        .isEqualTo(3072);
    assertThat(leaf.getSigAlgName()).isEqualTo("SHA256withRSA");
    assertThat(leaf.getKeyUsage()[0]).isTrue();
    assertThat(leaf.getKeyUsage()[2]).as("keyEncipherment").isTrue();
  }

  @Test
  void serialsAreRandomPositiveAndAtMost128Bits() {
    Set<BigInteger> serials = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      BigInteger serial =
          ca.issue(LeafRequest.of("n", Usage.CLIENT, "spiffe://holdfast/n"))
              .certificate()
              .getSerialNumber();
      assertThat(serial.signum()).isPositive();
      assertThat(serial.bitLength()).isLessThanOrEqualTo(128);
      serials.add(serial);
    }
    assertThat(serials).hasSize(200);
    assertThat(serials.stream().mapToInt(BigInteger::bitLength).max().orElse(0)).isGreaterThan(120);
  }

  @Test
  void aLeafNeverOutlivesItsCa() {
    clock.advance(Duration.ofDays(364).plusHours(12));
    X509Certificate leaf =
        ca.issue(LeafRequest.of("late", Usage.CLIENT, "spiffe://holdfast/late")).certificate();
    assertThat(leaf.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());

    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(() -> ca.issue(LeafRequest.of("later", Usage.CLIENT, "spiffe://holdfast/x")))
        .isInstanceOf(OperationRefusedException.class)
        .hasMessageContaining(
            "CA CN=Test CA 1 (serial " + SerialNumber.of(ca.certificate()) + ") expired at");
  }

  @Test
  void aCrlListsTheRevokedSerialsSignedByTheCa() throws Exception {
    SerialNumber revoked =
        ca.issue(LeafRequest.of("gone", Usage.CLIENT, "spiffe://holdfast/gone")).serial();
    Instant at = clock.instant();

    X509CRL crl =
        ca.revocationList(
            List.of(new Revocation(revoked, RevocationReason.KEY_COMPROMISE, at)),
            Duration.ofDays(7),
            3);

    crl.verify(ca.certificate().getPublicKey());
    assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(crl.getThisUpdate().toInstant()).isEqualTo(at);
    assertThat(crl.getNextUpdate().toInstant()).isEqualTo(at.plus(Duration.ofDays(7)));
    X509CRLEntry entry = crl.getRevokedCertificate(revoked.value());
    assertThat(entry.getRevocationDate().toInstant()).isEqualTo(at);
    assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
    assertThat(crl.getRevokedCertificates()).hasSize(1);
    assertThat(crl.getExtensionValue("2.5.29.20")).as("CRL number").isNotNull();
  }

  @Test
  void aSavedCaLoadsWithItsPassphraseOnlyAndItsKeyIsOwnerOnly() throws Exception {
    Path folder = dir.resolve("ca-1");
    ca.save(folder, TlsFixtures.protection());

    CertificateAuthority loaded =
        CertificateAuthority.load(folder, TlsFixtures.protection(), clock, new SecureRandom());

    assertThat(loaded.certificate()).isEqualTo(ca.certificate());
    assertThat(
            loaded.signed(
                ca.issue(LeafRequest.of("x", Usage.CLIENT, "spiffe://holdfast/x")).certificate()))
        .isTrue();
    assertThat(Files.readString(folder.resolve("ca.key")))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("ca.key"))))
        .isEqualTo("rw-------");
    KeyProtection wrong = KeyProtection.withPassphrase("not it".toCharArray());
    assertThatThrownBy(() -> CertificateAuthority.load(folder, wrong, clock, new SecureRandom()))
        .isInstanceOf(WrongPasswordException.class)
        .hasMessageContaining(folder.resolve("ca.key").toString());
  }

  private static byte[] octets(
      X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier oid) {
    byte[] value = certificate.getExtensionValue(oid.getId());
    return value == null ? null : ASN1OctetString.getInstance(value).getOctets();
  }
}
