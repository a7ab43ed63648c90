package dev.holdfast.tls.folder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incident path re-issues every named folder at once: with revocation the replaced serials are
 * in the CRL every folder holds; with a CA rotation a new generation signs them and is the only one
 * left in their bundle; leaves issued elsewhere are reported, not forgotten.
 */
class EmergencyRotationTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;
  private LeafFolder server;
  private LeafFolder agent;

  @BeforeEach
  void folders() {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    server =
        LeafFolder.issue(authority, dir.resolve("server"), spec("server", Usage.SERVER), clock);
    agent = LeafFolder.issue(authority, dir.resolve("agent"), spec("agent", Usage.CLIENT), clock);
  }

  @Test
  void rotationWithRevocationPutsEveryReplacedSerialInEveryFoldersCrl() {
    SerialNumber oldServer = SerialNumber.of(server.certificate());
    SerialNumber oldAgent = SerialNumber.of(agent.certificate());

    EmergencyRotation.Outcome outcome =
        EmergencyRotation.run(authority, List.of(server, agent), false, true);

    assertThat(outcome.caState()).isEmpty();
    assertThat(outcome.revoked()).containsExactly(oldServer, oldAgent);
    assertThat(outcome.notReissued()).isEmpty();
    assertThat(SerialNumber.of(server.certificate())).isNotEqualTo(oldServer);
    for (LeafFolder folder : List.of(server, agent)) {
      X509CRL crl = Pem.readCrls(folder.path().resolve("crl.pem")).get(0);
      assertThat(crl.getRevokedCertificate(oldServer.value())).as("%s", folder.path()).isNotNull();
      assertThat(crl.getRevokedCertificate(oldAgent.value())).as("%s", folder.path()).isNotNull();
    }
  }

  @Test
  void rotationWithoutRevocationLeavesTheOldCertificatesValid() {
    SerialNumber old = SerialNumber.of(server.certificate());

    EmergencyRotation.Outcome outcome =
        EmergencyRotation.run(authority, List.of(server), false, false);

    assertThat(outcome.revoked()).isEmpty();
    assertThat(outcome.reissued().get(0).replaced()).contains(old);
    assertThat(outcome.notReissued())
        .as("the agent folder was not named")
        .extracting(l -> l.serial())
        .containsExactly(SerialNumber.of(agent.certificate()));
  }

  @Test
  void aCaRotationMakesANewGenerationTheOnlyOneTrusted() {
    String oldCa = Certificates.subject(authority.signingCertificate());

    EmergencyRotation.Outcome outcome =
        EmergencyRotation.run(authority, List.of(server, agent), true, true);

    assertThat(outcome.caState())
        .hasValueSatisfying(
            s -> {
              assertThat(s.phase()).isEqualTo(RotationPhase.RETIRING);
              assertThat(s.current()).isEqualTo(2);
            });
    assertThat(oldCa).isEqualTo("CN=Holdfast CA 1");
    for (LeafFolder folder : List.of(server, agent)) {
      assertThat(Certificates.issuer(folder.certificate())).isEqualTo("CN=Holdfast CA 2");
      assertThat(TrustFiles.in(folder.path()).readBundle())
          .extracting(Certificates::subject)
          .containsExactly("CN=Holdfast CA 2");
    }
  }

  @Test
  void aCaRotationUnderWayIsEndedAndANewGenerationStarted() {
    authority.beginRotation(); // generation 2 introduced, not signing yet
    clock.advance(Duration.ofMinutes(1));

    EmergencyRotation.Outcome outcome =
        EmergencyRotation.run(authority, List.of(server, agent), true, false);

    assertThat(outcome.caState().orElseThrow().current()).isEqualTo(3);
    assertThat(Certificates.issuer(server.certificate())).isEqualTo("CN=Holdfast CA 3");
  }

  private static LeafSpec spec(String name, Usage usage) {
    return new LeafSpec(
        LeafRequest.of(name, usage, "spiffe://holdfast/" + name), RenewalPolicy.DEFAULT);
  }
}
