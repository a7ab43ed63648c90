package dev.holdfast.tls.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Revocation;
import dev.holdfast.tls.ca.RevocationReason;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scanning files, folders and keystores: every certificate is found with where it came from and
 * judged at the scanner's clock, and a source that cannot be read is a failure naming it while the
 * others are still scanned.
 */
class ExpiryScannerTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  private static final Duration NINETY_DAYS = Duration.ofDays(90);

  @TempDir Path dir;
  private final MutableClock issued = new MutableClock();
  private final CertificateAuthority ca = TestCertificates.ca("Test CA", issued);
  private final CertifiedKey leaf =
      ca.issue(
          LeafRequest.of("repo", Usage.SERVER, "spiffe://holdfast/server")
              .withDnsNames("repo.example.org")
              .withIpAddresses("10.0.0.7")
              .withLifetime(NINETY_DAYS));

  /** Seventy days after issue: the leaf has twenty days left (warn), the CA 295 (ok). */
  private final MutableClock now = new MutableClock(MutableClock.START.plus(Duration.ofDays(70)));

  private ExpiryScanner scanner(char[] keystorePassword) {
    return new ExpiryScanner(
        ExpiryThresholds.DEFAULT, now, keystorePassword, new EndpointProbe(Duration.ofSeconds(5)));
  }

  @Test
  void aPemChainIsReadWithEachCertificatesNamesPositionAndVerdict() throws Exception {
    Path file = write("chain.pem", Pem.encodeCertificates(leaf.chain()), ca.certificate());

    ExpiryReport report = scanner(null).scanArguments(List.of(file.toString()));

    assertThat(report.failures()).isEmpty();
    assertThat(report.at()).isEqualTo(now.instant());
    assertThat(report.certificates()).hasSize(2);
    CertificateStatus first = report.certificates().get(0);
    assertThat(first.origin()).isEqualTo(Origin.file(file.toString(), 0));
    assertThat(first.certificate().subject()).isEqualTo("CN=repo");
    assertThat(first.certificate().alternativeNames())
        .containsExactly("DNS:repo.example.org", "IP:10.0.0.7", "URI:spiffe://holdfast/server");
    assertThat(first.certificate().issuer()).isEqualTo("CN=Test CA");
    assertThat(first.certificate().serial()).isEqualTo(leaf.serial());
    assertThat(first.certificate().notAfter()).isEqualTo(MutableClock.START.plus(NINETY_DAYS));
    assertThat(first.daysLeft()).isEqualTo(20);
    assertThat(first.verdict()).isEqualTo(Verdict.WARN);
    assertThat(first.renewAt()).isEmpty();
    CertificateStatus second = report.certificates().get(1);
    assertThat(second.origin().position()).isEqualTo(1);
    assertThat(second.certificate().subject()).isEqualTo("CN=Test CA");
    assertThat(second.daysLeft()).isEqualTo(295);
    assertThat(second.verdict()).isEqualTo(Verdict.OK);
    assertThat(report.worst()).contains(Verdict.WARN);
  }

  @Test
  void theClockDecidesTheVerdict() throws Exception {
    Path file = write("tls.crt", Pem.encodeCertificates(List.of(leaf.certificate())));

    now.set(MutableClock.START.plus(Duration.ofDays(85)));
    CertificateStatus critical =
        scanner(null).scanArguments(List.of(file.toString())).certificates().get(0);
    now.set(MutableClock.START.plus(Duration.ofDays(91)));
    CertificateStatus expired =
        scanner(null).scanArguments(List.of(file.toString())).certificates().get(0);
    now.set(MutableClock.START.minus(Duration.ofDays(1)));
    CertificateStatus early =
        scanner(null).scanArguments(List.of(file.toString())).certificates().get(0);

    assertThat(critical.verdict()).isEqualTo(Verdict.CRITICAL);
    assertThat(critical.daysLeft()).isEqualTo(5);
    assertThat(expired.verdict()).isEqualTo(Verdict.EXPIRED);
    assertThat(expired.daysLeft()).isEqualTo(-1);
    assertThat(early.verdict()).isEqualTo(Verdict.NOT_YET_VALID);
  }

  @Test
  void aDerCertificateIsReadToo() throws Exception {
    Path file = Files.write(dir.resolve("leaf.cer"), leaf.certificate().getEncoded());

    ExpiryReport report = scanner(null).scanArguments(List.of(file.toString()));

    assertThat(report.failures()).isEmpty();
    assertThat(report.certificates())
        .singleElement()
        .satisfies(c -> assertThat(c.certificate().serial()).isEqualTo(leaf.serial()));
  }

  @Test
  void aFolderIsScannedByExtensionPassingOverKeysCrlsAndHiddenFiles() throws Exception {
    Files.write(dir.resolve("tls.crt"), Pem.encodeCertificates(List.of(leaf.certificate())));
    Files.write(dir.resolve("ca.pem"), Pem.encodeCertificates(List.of(ca.certificate())));
    Files.write(dir.resolve("key.pem"), Pem.encodePrivateKey(leaf.privateKey()));
    Files.write(
        dir.resolve("crl.pem"),
        Pem.encodeCrls(List.of(ca.revocationList(List.of(), Duration.ofDays(7), 1))));
    Files.write(dir.resolve("tls.key"), Pem.encodePrivateKey(leaf.privateKey()));
    Files.write(dir.resolve("notes.txt"), "not a certificate".getBytes());
    Files.write(dir.resolve(".tls.crt.0123.tmp.crt"), "half written".getBytes());
    TestCertificates.keystore(dir.resolve("store.p12"), "PKCS12", PASSWORD, leaf, ca.certificate());

    ExpiryReport report = scanner(PASSWORD).scanArguments(List.of(dir.toString()));

    assertThat(report.failures()).isEmpty();
    assertThat(report.skipped()).containsExactly(dir.resolve("key.pem").toString());
    assertThat(report.crls())
        .extracting(CrlStatus::source)
        .containsExactly(dir.resolve("crl.pem").toString());
    assertThat(report.certificates())
        .extracting(c -> c.origin().describe())
        .containsExactlyInAnyOrder(
            dir.resolve("ca.pem") + "[0]",
            dir.resolve("store.p12") + "#ca[0]",
            dir.resolve("store.p12") + "#server[0]",
            dir.resolve("store.p12") + "#server[1]",
            dir.resolve("tls.crt") + "[0]");
  }

  @Test
  void bothKindsOfKeystoreAreReadByAlias() {
    for (String type : List.of("PKCS12", "JKS")) {
      Path store =
          TestCertificates.keystore(
              dir.resolve("store." + (type.equals("JKS") ? "jks" : "pfx")),
              type,
              PASSWORD,
              leaf,
              ca.certificate());

      ExpiryReport report = scanner(PASSWORD).scanArguments(List.of(store.toString()));

      assertThat(report.failures()).as(type).isEmpty();
      assertThat(report.certificates())
          .as(type)
          .filteredOn(c -> c.origin().alias().equals(Optional.of("server")))
          .extracting(c -> c.certificate().serial())
          .containsExactly(leaf.serial(), SerialNumber.of(ca.certificate()));
      assertThat(report.certificates().get(0).origin().kind()).isEqualTo(Origin.Kind.KEYSTORE);
    }
  }

  @Test
  void aLeafFolderKeptByHoldfastShowsWhenItRenews() throws Exception {
    Files.write(dir.resolve("tls.crt"), Pem.encodeCertificates(List.of(leaf.certificate())));
    RenewalPolicy policy = RenewalPolicy.parse("75%");
    new LeafSpec(LeafRequest.of("repo", Usage.SERVER, "spiffe://holdfast/server"), policy)
        .write(dir);

    CertificateStatus status =
        scanner(null).scanArguments(List.of(dir.toString())).certificates().get(0);

    Instant notBefore = leaf.certificate().getNotBefore().toInstant();
    Instant notAfter = leaf.certificate().getNotAfter().toInstant();
    assertThat(status.renewAt())
        .contains(policy.renewAt(leaf.certificate()))
        .hasValueSatisfying(
            at ->
                assertThat(at)
                    .isBetween(
                        policy.renewAt(notBefore, notAfter, 0.999),
                        policy.renewAt(notBefore, notAfter, 0)));
  }

  @Test
  void materialHeldInMemoryIsJudgedAsAScanOfItsFilesWould() throws Exception {
    Path certificate =
        Files.write(dir.resolve("tls.crt"), Pem.encodeCertificates(List.of(leaf.certificate())));
    new LeafSpec(
            LeafRequest.of("repo", Usage.SERVER, "spiffe://holdfast/server"), RenewalPolicy.DEFAULT)
        .write(dir);
    Path bundle = write("ca.crt", Pem.encodeCertificates(List.of(ca.certificate())));
    X509CRL crl = ca.revocationList(List.of(), Duration.ofDays(7), 1);
    Path crls = Files.write(dir.resolve("crl.pem"), Pem.encodeCrls(List.of(crl)));

    ExpiryReport scanned =
        scanner(null)
            .scanArguments(List.of(certificate.toString(), bundle.toString(), crls.toString()));
    // What a server holds while its files are already being replaced: the loaded copies count.
    Files.delete(certificate);
    ExpiryReport loaded =
        scanner(null)
            .judgeLoaded(
                List.of(
                    new ExpiryScanner.Loaded(certificate, List.of(leaf.certificate()), List.of()),
                    new ExpiryScanner.Loaded(bundle, List.of(ca.certificate()), List.of()),
                    new ExpiryScanner.Loaded(crls, List.of(), List.of(crl))));

    assertThat(scanned.failures()).isEmpty();
    assertThat(loaded.failures()).isEmpty();
    assertThat(loaded.certificates()).isEqualTo(scanned.certificates()).hasSize(2);
    assertThat(loaded.certificates().get(0).renewAt()).isPresent();
    assertThat(loaded.crls()).isEqualTo(scanned.crls()).hasSize(1);
  }

  @Test
  void aCrlPastItsNextUpdateIsFlaggedStale() throws Exception {
    Path file =
        Files.write(
            dir.resolve("crl.pem"),
            Pem.encodeCrls(
                List.of(
                    ca.revocationList(
                        List.of(
                            new Revocation(
                                leaf.serial(), RevocationReason.KEY_COMPROMISE, issued.instant())),
                        Duration.ofDays(7),
                        3))));

    now.set(MutableClock.START.plus(Duration.ofDays(6)));
    ExpiryReport fresh = scanner(null).scanArguments(List.of(file.toString()));
    now.set(MutableClock.START.plus(Duration.ofDays(8)));
    ExpiryReport stale = scanner(null).scanArguments(List.of(file.toString()));

    assertThat(fresh.failures()).isEmpty();
    assertThat(fresh.certificates()).isEmpty();
    CrlStatus crl = fresh.crls().get(0);
    assertThat(crl.issuer()).isEqualTo("CN=Test CA");
    assertThat(crl.revoked()).isEqualTo(1);
    assertThat(crl.nextUpdate()).isEqualTo(MutableClock.START.plus(Duration.ofDays(7)));
    assertThat(crl.verdict()).isEqualTo(Verdict.OK);
    assertThat(stale.crls().get(0).verdict()).isEqualTo(Verdict.WARN);
    assertThat(stale.anyAtLeast(Verdict.WARN)).isTrue();
    assertThat(stale.anyAtLeast(Verdict.CRITICAL)).isFalse();
  }

  @Test
  void badSourcesAreFailuresNamingThemAndTheRestIsStillScanned() throws Exception {
    Path good = write("good.crt", Pem.encodeCertificates(List.of(leaf.certificate())));
    Path garbage =
        Files.writeString(
            dir.resolve("garbage.pem"),
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Path keyOnly = Files.write(dir.resolve("key.pem"), Pem.encodePrivateKey(leaf.privateKey()));
    Path missing = dir.resolve("missing.crt");
    Path store =
        TestCertificates.keystore(dir.resolve("s.p12"), "PKCS12", PASSWORD, leaf, ca.certificate());
    Path truncated =
        Files.write(
            dir.resolve("t.jks"),
            Arrays.copyOf(
                Files.readAllBytes(
                    TestCertificates.keystore(
                        dir.resolve("full.jks"), "JKS", PASSWORD, leaf, ca.certificate())),
                100));

    ExpiryReport withWrongPassword =
        scanner("wrong".toCharArray())
            .scanArguments(
                List.of(
                    garbage.toString(),
                    keyOnly.toString(),
                    missing.toString(),
                    store.toString(),
                    truncated.toString(),
                    good.toString()));
    ExpiryReport withoutPassword = scanner(null).scanArguments(List.of(store.toString()));

    assertThat(withWrongPassword.certificates()).hasSize(1);
    assertThat(withWrongPassword.failures())
        .extracting(ScanFailure::source, f -> f.failure().kind())
        .containsExactly(
            tuple(garbage, TlsException.Kind.MATERIAL),
            tuple(keyOnly, TlsException.Kind.MATERIAL),
            tuple(missing, TlsException.Kind.STORAGE),
            tuple(store, TlsException.Kind.WRONG_PASSWORD),
            tuple(truncated, TlsException.Kind.MATERIAL));
    assertThat(withWrongPassword.failures())
        .extracting(f -> f.failure().getMessage())
        .satisfiesExactly(
            m -> assertThat(m).startsWith(garbage + ": damaged PEM ("),
            m -> assertThat(m).isEqualTo(keyOnly + ": no certificate in it (found PRIVATE KEY)"),
            m -> assertThat(m).isEqualTo("reading certificate file " + missing + ": no such file"),
            m ->
                assertThat(m)
                    .isEqualTo(
                        store
                            + ": the password does not open this PKCS12 keystore (or it is"
                            + " damaged)"),
            m -> assertThat(m).isEqualTo(truncated + ": a truncated or damaged JKS keystore"));
    assertThat(withoutPassword.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.failure().kind()).isEqualTo(TlsException.Kind.USAGE);
              assertThat(f.failure())
                  .hasMessage(store + ": a password is needed to read this keystore");
            });
  }

  private static Tuple tuple(Path source, TlsException.Kind kind) {
    return Tuple.tuple(source.toString(), kind);
  }

  private Path write(String name, byte[] pem, X509Certificate... more) throws Exception {
    byte[] extra = Pem.encodeCertificates(List.of(more));
    byte[] all = Arrays.copyOf(pem, pem.length + extra.length);
    System.arraycopy(extra, 0, all, pem.length, extra.length);
    return Files.write(dir.resolve(name), all);
  }
}
