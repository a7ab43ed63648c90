package dev.holdfast.tls.folder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.CertificateNotFoundException;
import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalOutcome;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A leaf folder holds what a reloader needs (certificate, key, trust bundle, CRLs) and its spec;
 * renewal keeps to the spec's schedule, and the trust files follow the authority's.
 */
class LeafFolderTest {
  private static final LeafSpec AGENT =
      new LeafSpec(
          LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1"),
          RenewalPolicy.DEFAULT);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;

  @BeforeEach
  void authority() {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
  }

  @Test
  void issuingWritesTheWholeFolderOwnerOnly() throws Exception {
    Path folder = dir.resolve("agent");

    LeafFolder leaf = LeafFolder.issue(authority, folder, AGENT, clock);

    CertifiedKey material = LeafFiles.in(folder).read();
    assertThat(leaf.certificate()).isEqualTo(material.certificate());
    assertThat(LeafSpec.read(folder)).isEqualTo(AGENT);
    assertThat(TrustFiles.in(folder).readBundle()).isEqualTo(authority.trustedCertificates());
    assertThat(Files.readAllBytes(folder.resolve("crl.pem")))
        .isEqualTo(Files.readAllBytes(authority.trustFiles().crls()));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    assertThat(authority.validLeaves())
        .extracting(l -> l.serial())
        .containsExactly(material.serial());
  }

  @Test
  void renewalKeepsToTheSpecAndAChangedPolicyIsWrittenDown() {
    Path folder = dir.resolve("agent");
    LeafFolder leaf = LeafFolder.issue(authority, folder, AGENT, clock);
    X509Certificate first = leaf.certificate();

    RenewalOutcome early = LeafFolder.open(authority, folder, clock).renewIfDue();
    LeafFolder later =
        LeafFolder.open(authority, folder, clock).withPolicy(RenewalPolicy.parse("1h"));
    clock.set(later.renewAt(first));
    RenewalOutcome due = LeafFolder.open(authority, folder, clock).renewIfDue();

    assertThat(early.renewed()).isFalse();
    assertThat(early.nextRenewal()).isEqualTo(leaf.renewAt(first));
    assertThat(LeafSpec.read(folder).policy().format()).isEqualTo("1h");
    assertThat(due.renewed()).isTrue();
    assertThat(due.serial()).isNotEqualTo(SerialNumber.of(first));
  }

  @Test
  void aRevocationReachesTheFolderWithItsNextCheck() throws Exception {
    Path folder = dir.resolve("agent");
    LeafFolder leaf = LeafFolder.issue(authority, folder, AGENT, clock);
    LeafFolder other = LeafFolder.issue(authority, dir.resolve("other"), AGENT, clock);
    SerialNumber revoked = SerialNumber.of(other.certificate());
    authority.revoke(revoked, dev.holdfast.tls.ca.RevocationReason.KEY_COMPROMISE);

    leaf.renewIfDue();

    assertThat(
            Pem.readCrls(folder.resolve("crl.pem")).get(0).getRevokedCertificate(revoked.value()))
        .isNotNull();
  }

  @Test
  void aFolderWithoutSpecIsNotALeafFolder() {
    Path folder = dir.resolve("elsewhere");

    assertThatThrownBy(() -> LeafFolder.open(authority, folder, clock))
        .isInstanceOf(CertificateNotFoundException.class)
        .hasMessage(
            folder
                + " is not a leaf folder: it has no leaf.conf (issue a certificate there first)");
  }
}
