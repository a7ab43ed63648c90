package dev.holdfast.tls.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.authority.Authority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.AtomicFiles;
import dev.holdfast.tls.material.AtomicFiles.Visibility;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.TrustMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reloader swaps in new material only when it changed and checks out in full; bad or
 * half-written files leave the current material in force and are reported, then taken once whole.
 */
class ReloaderTest {
  private static final LeafRequest SERVER =
      LeafRequest.of("server", Usage.SERVER, "spiffe://holdfast/server");

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Authority authority;
  private LeafFiles leaf;
  private TrustFiles trust;
  private Reloader reloader;

  @BeforeEach
  void setUp() throws Exception {
    authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    Path peer = Files.createDirectory(dir.resolve("peer"));
    leaf = LeafFiles.in(peer);
    trust = TrustFiles.in(peer);
    leaf.write(authority.issue(SERVER));
    Files.copy(authority.trustFiles().bundle(), trust.bundle());
    Files.copy(authority.trustFiles().crls(), trust.crls());
    reloader = Reloader.load(leaf, trust, PeerIdentity.any(), clock);
  }

  @Test
  void unchangedFilesSwapNothing() {
    AtomicInteger changes = new AtomicInteger();
    reloader.onChange(changes::incrementAndGet);

    ReloadReport report = reloader.reload();

    assertThat(report.changed()).isFalse();
    assertThat(report.failures()).isEmpty();
    assertThat(changes).hasValue(0);
  }

  @Test
  void aHalfWrittenPairIsNotTakenUntilItIsWhole() {
    SerialNumber serving = reloader.keyManager().current().serial();
    CertifiedKey next = authority.issue(SERVER);
    AtomicFiles.write(
        leaf.privateKey(), Pem.encodePrivateKey(next.privateKey()), Visibility.PRIVATE);

    ReloadReport half = reloader.reload();

    assertThat(half.leafReloaded()).isFalse();
    assertThat(half.failures())
        .singleElement()
        .asString()
        .contains("the private key does not belong to certificate CN=server")
        .endsWith("; still serving serial " + serving);
    assertThat(reloader.keyManager().current().serial()).isEqualTo(serving);

    leaf.write(next);
    ReloadReport whole = reloader.reload();

    assertThat(whole.leafReloaded()).isTrue();
    assertThat(whole.failures()).isEmpty();
    assertThat(reloader.keyManager().current().serial()).isEqualTo(next.serial());
  }

  @Test
  void aDamagedBundleOrAMissingCrlKeepsTheTrustLoadedBefore() throws Exception {
    TrustMaterial before = reloader.trustManager().current();
    Files.writeString(
        trust.bundle(),
        "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");

    ReloadReport damaged = reloader.reload();

    assertThat(damaged.trustReloaded()).isFalse();
    assertThat(damaged.failures())
        .singleElement()
        .asString()
        .startsWith(trust.bundle() + ": damaged PEM")
        .endsWith("; keeping the trust material loaded before");
    assertThat(reloader.trustManager().current()).isSameAs(before);

    Files.copy(
        authority.trustFiles().bundle(),
        trust.bundle(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.delete(trust.crls());
    ReloadReport missing = reloader.reload();
    assertThat(missing.failures())
        .singleElement()
        .asString()
        .contains(trust.crls() + ": no such file");
    assertThat(reloader.trustManager().current()).isSameAs(before);
  }

  @Test
  void aCrlNotSignedByItsCaIsRefused() throws Exception {
    Authority impostor = TlsFixtures.authority(dir.resolve("impostor"), "Holdfast CA", clock);
    Files.copy(
        impostor.trustFiles().crls(),
        trust.crls(),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    ReloadReport report = reloader.reload();

    assertThat(report.failures())
        .singleElement()
        .asString()
        .contains("the CRL naming CN=Holdfast CA 1 is not signed by that CA");
  }

  @Test
  void pollingPicksUpANewCertificate() throws Exception {
    CertifiedKey next = authority.issue(SERVER);
    AtomicInteger changes = new AtomicInteger();
    reloader.onChange(changes::incrementAndGet);
    reloader.poll(Duration.ofMillis(20));
    try {
      leaf.write(next);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!reloader.keyManager().current().serial().equals(next.serial())
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      reloader.close();
    }
    assertThat(reloader.keyManager().current().serial()).isEqualTo(next.serial());
    assertThat(changes.get()).isPositive();
  }
}
