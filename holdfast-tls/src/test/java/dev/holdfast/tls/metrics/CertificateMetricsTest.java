package dev.holdfast.tls.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.expiry.EndpointProbe;
import dev.holdfast.tls.expiry.ExpiryReport;
import dev.holdfast.tls.expiry.ExpiryScanner;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.renewal.LeafSpec;
import dev.holdfast.tls.renewal.RenewalPolicy;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text exposition carries each gauge with the values of the scanned certificates: expiry and
 * renewal timestamps in seconds, readiness judged at the moment of the scrape, and whether each
 * source could be read; a new scan replaces the series of the last.
 */
class CertificateMetricsTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final CertificateAuthority ca = TestCertificates.ca("Test CA", clock);
  private final LeafRequest request =
      LeafRequest.of("agent-1", Usage.CLIENT, "spiffe://holdfast/agent/node-1");
  private final RenewalPolicy policy = RenewalPolicy.DEFAULT;
  private final ExpiryScanner scanner =
      new ExpiryScanner(
          ExpiryThresholds.DEFAULT, clock, null, new EndpointProbe(Duration.ofSeconds(1)));
  private Path leafFolder;
  private CertifiedKey leaf;

  @BeforeEach
  void leafFolder() throws Exception {
    leafFolder = Files.createDirectories(dir.resolve("agent"));
    leaf = ca.issue(request);
    Files.write(leafFolder.resolve("tls.crt"), Pem.encodeCertificates(leaf.chain()));
    new LeafSpec(request, policy).write(leafFolder);
    Files.write(leafFolder.resolve("ca.crt"), Pem.encodeCertificates(List.of(ca.certificate())));
    Files.write(
        leafFolder.resolve("crl.pem"),
        Pem.encodeCrls(List.of(ca.revocationList(List.of(), Duration.ofDays(7), 1))));
  }

  @Test
  void eachGaugeCarriesTheFiguresOfEachCertificate() {
    CertificateMetrics metrics = CertificateMetrics.standalone(clock);
    Path missing = dir.resolve("missing.crt");
    metrics.update(scanner.scanArguments(List.of(leafFolder.toString(), missing.toString())));

    Map<String, Double> samples = samples(metrics.text());

    String leafLabels = labels(leafFolder.resolve("tls.crt"), "agent-1", leaf.serial().toString());
    String caLabels =
        labels(
            leafFolder.resolve("ca.crt"),
            "Test CA",
            ca.certificate().getSerialNumber().toString(16));
    assertThat(samples)
        .containsEntry(
            CertificateMetrics.EXPIRY + leafLabels,
            (double) leaf.certificate().getNotAfter().toInstant().getEpochSecond())
        .containsEntry(
            CertificateMetrics.RENEWAL + leafLabels,
            (double) policy.renewAt(leaf.certificate()).getEpochSecond())
        .containsEntry(CertificateMetrics.READY + leafLabels, 1.0)
        .containsEntry(
            CertificateMetrics.EXPIRY + caLabels,
            (double) ca.certificate().getNotAfter().toInstant().getEpochSecond())
        .containsEntry(CertificateMetrics.READY + caLabels, 1.0)
        .containsEntry(
            CertificateMetrics.SOURCE_UP + "{source=\"" + leafFolder.resolve("tls.crt") + "\"}",
            1.0)
        .containsEntry(CertificateMetrics.SOURCE_UP + "{source=\"" + missing + "\"}", 0.0)
        .doesNotContainKey(CertificateMetrics.RENEWAL + caLabels)
        .containsEntry(
            CertificateMetrics.CRL_NEXT_UPDATE
                + "{issuer=\"Test CA\",source=\""
                + leafFolder.resolve("crl.pem")
                + "\"}",
            (double) clock.instant().plus(Duration.ofDays(7)).getEpochSecond());
    assertThat(metrics.text())
        .contains("# TYPE " + CertificateMetrics.EXPIRY + " gauge")
        .contains("# HELP " + CertificateMetrics.READY + " ");
  }

  @Test
  void readinessIsJudgedAtEachScrape() {
    CertificateMetrics metrics = CertificateMetrics.standalone(clock);
    metrics.update(scanner.scanArguments(List.of(leafFolder.resolve("tls.crt").toString())));
    String ready =
        CertificateMetrics.READY
            + labels(leafFolder.resolve("tls.crt"), "agent-1", leaf.serial().toString());

    assertThat(samples(metrics.text())).containsEntry(ready, 1.0);
    clock.advance(Duration.ofHours(23)); // within two hours of expiry: critical
    assertThat(samples(metrics.text())).containsEntry(ready, 0.0);
  }

  @Test
  void aNewScanReplacesTheSeriesOfTheLast() throws Exception {
    CertificateMetrics metrics = CertificateMetrics.standalone(clock);
    Path file = leafFolder.resolve("tls.crt");
    metrics.update(scanner.scanArguments(List.of(file.toString())));
    CertifiedKey renewed = ca.issue(request);
    Files.write(file, Pem.encodeCertificates(renewed.chain()));

    metrics.update(scanner.scanArguments(List.of(file.toString())));

    assertThat(metrics.text())
        .contains("serial=\"" + renewed.serial() + "\"")
        .doesNotContain("serial=\"" + leaf.serial() + "\"");
  }

  @Test
  void aCertificateListedTwiceInOneFileIsOneSeries() throws Exception {
    Path twice =
        Files.write(
            dir.resolve("twice.pem"),
            Pem.encodeCertificates(List.of(leaf.certificate(), leaf.certificate())));
    CertificateMetrics metrics = CertificateMetrics.standalone(clock);
    ExpiryReport report = scanner.scanArguments(List.of(twice.toString()));

    metrics.update(report);

    assertThat(report.certificates()).hasSize(2);
    assertThat(metrics.text().lines().filter(l -> l.startsWith(CertificateMetrics.EXPIRY + "{")))
        .hasSize(1);
  }

  @Test
  void theSubjectLabelIsTheCommonNameCutShort() {
    assertThat(CertificateMetrics.subjectLabel("CN=agent-1,O=Holdfast")).isEqualTo("agent-1");
    assertThat(CertificateMetrics.subjectLabel("O=Holdfast,C=NL")).isEqualTo("O=Holdfast,C=NL");
    assertThat(CertificateMetrics.subjectLabel("CN=" + "x".repeat(100))).hasSize(64);
    assertThat(CertificateMetrics.subjectLabel("(no subject)")).isEqualTo("(no subject)");
  }

  private static String labels(Path source, String subject, String serial) {
    return "{serial=\"" + serial + "\",source=\"" + source + "\",subject=\"" + subject + "\"}";
  }

  /** "name{labels}" to value, for every sample line of a text exposition. */
  private static Map<String, Double> samples(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return samples;
  }
}
