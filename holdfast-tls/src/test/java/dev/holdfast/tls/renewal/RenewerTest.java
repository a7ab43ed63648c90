package dev.holdfast.tls.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The renewer replaces a certificate exactly when it is due, always with a new key, writes the
 * files owner-only, and on the emergency path replaces and revokes at once.
 */
class RenewerTest {
  private static final LeafRequest AGENT =
      LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;
  private LeafFiles files;

  @BeforeEach
  void setUp() {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    files = LeafFiles.in(dir);
  }

  @Test
  void aMissingCertificateIsIssuedAndWrittenOwnerOnly() throws Exception {
    RenewalOutcome outcome = renewer(RenewalPolicy.atFraction(2.0 / 3)).renewIfDue();

    assertThat(outcome.renewed()).isTrue();
    assertThat(outcome.reason()).isEqualTo("there is no certificate yet");
    assertThat(files.read().serial()).isEqualTo(outcome.serial());
    assertThat(outcome.notAfter()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
    assertThat(outcome.nextRenewal())
        .as("two thirds of the 24 h 5 min from notBefore to notAfter")
        .isEqualTo(clock.instant().minus(Duration.ofMinutes(5)).plus(Duration.ofSeconds(57_800)));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())))
        .isEqualTo("rw-------");
  }

  @Test
  void aCertificateIsRenewedWithANewKeyOnlyOnceItsTimeHasCome() {
    Renewer renewer = renewer(RenewalPolicy.DEFAULT);
    renewer.renewIfDue();
    CertifiedKey first = files.read();
    Instant due = renewer.nextRenewal().orElseThrow();

    clock.set(due.minusSeconds(1));
    RenewalOutcome early = renewer.renewIfDue();
    clock.set(due);
    RenewalOutcome onTime = renewer.renewIfDue();

    assertThat(early.renewed()).isFalse();
    assertThat(early.reason()).isEqualTo("not due until " + due);
    assertThat(onTime.renewed()).isTrue();
    assertThat(onTime.reason()).startsWith("its renewal time " + due + " has come");
    CertifiedKey second = files.read();
    assertThat(second.serial()).isNotEqualTo(first.serial());
    assertThat(second.privateKey()).isNotEqualTo(first.privateKey());
    assertThat(second.certificate().getPublicKey())
        .isNotEqualTo(first.certificate().getPublicKey());
  }

  @Test
  void theJitteredRenewalTimeIsDrawnOnceForEachCertificate() {
    Renewer renewer = renewer(RenewalPolicy.DEFAULT.withJitter(0.5));
    renewer.renewIfDue();
    Instant first = renewer.nextRenewal().orElseThrow();
    for (int i = 0; i < 20; i++) {
      assertThat(renewer.renewIfDue().nextRenewal()).isEqualTo(first);
    }
  }

  @Test
  void unusableFilesAndChangedNamesAreRenewedAtOnce() throws Exception {
    Renewer renewer = renewer(RenewalPolicy.DEFAULT);
    renewer.renewIfDue();
    Files.writeString(files.privateKey(), "garbage");

    RenewalOutcome repaired = renewer.renewIfDue();

    assertThat(repaired.renewed()).isTrue();
    assertThat(repaired.reason())
        .startsWith("the current files cannot be used: " + files.privateKey());
    Renewer widened =
        new Renewer(
            authority,
            AGENT.withDnsNames("agent-1.holdfast.svc"),
            files,
            RenewalPolicy.DEFAULT,
            clock,
            new Random(1));
    RenewalOutcome renamed = widened.renewIfDue();
    assertThat(renamed.renewed()).isTrue();
    assertThat(renamed.reason())
        .isEqualTo("it names [URI:spiffe://holdfast/agent/node-1], not what is requested");
  }

  @Test
  void rotateNowReplacesAtOnceAndRevokesTheOldCertificate() throws Exception {
    Renewer renewer = renewer(RenewalPolicy.DEFAULT);
    renewer.renewIfDue();
    CertifiedKey old = files.read();

    CertifiedKey fresh = renewer.rotateNow(true);

    assertThat(files.read()).isEqualTo(fresh);
    assertThat(fresh.serial()).isNotEqualTo(old.serial());
    assertThat(
            Pem.readCrls(authority.trustFiles().crls())
                .get(0)
                .getRevokedCertificate(old.serial().value()))
        .isNotNull();
    CertifiedKey again = renewer.rotateNow(false);
    assertThat(
            Pem.readCrls(authority.trustFiles().crls())
                .get(0)
                .getRevokedCertificate(fresh.serial().value()))
        .isNull();
    assertThat(again.serial()).isNotEqualTo(fresh.serial());
  }

  @Test
  void aRenewerWithoutRandomnessAgreesWithEveryOtherOnWhenACertificateRenews() {
    Renewer first = new Renewer(authority, AGENT, files, RenewalPolicy.DEFAULT, clock);
    RenewalOutcome issued = first.renewIfDue();

    RenewalOutcome again =
        new Renewer(authority, AGENT, files, RenewalPolicy.DEFAULT, clock).renewIfDue();

    assertThat(again.renewed()).isFalse();
    assertThat(again.nextRenewal())
        .isEqualTo(issued.nextRenewal())
        .isEqualTo(RenewalPolicy.DEFAULT.renewAt(files.read().certificate()));
    clock.set(issued.nextRenewal());
    assertThat(
            new Renewer(authority, AGENT, files, RenewalPolicy.DEFAULT, clock)
                .renewIfDue()
                .renewed())
        .isTrue();
  }

  private Renewer renewer(RenewalPolicy policy) {
    return new Renewer(authority, AGENT, files, policy, clock, new Random(42));
  }
}
