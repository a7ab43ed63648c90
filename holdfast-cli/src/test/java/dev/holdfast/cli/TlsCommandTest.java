package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.SerialNumber;
import dev.holdfast.tls.material.TrustFiles;
import dev.holdfast.tls.metrics.CertificateMetrics;
import dev.holdfast.tls.reload.Reloader;
import dev.holdfast.tls.reload.SslContexts;
import dev.holdfast.tls.testing.Connection;
import dev.holdfast.tls.testing.LoopbackServer;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TestCertificates;
import dev.holdfast.tls.trust.PeerIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code holdfast tls} end to end, as a user runs it: a CA, a leaf, its status, an emergency
 * rotation with revocation, renewal on schedule, the staged CA rotation, and expiry gating.
 */
class TlsCommandTest {
  @TempDir Path tmp;
  CliAuthority ca;
  Path server;

  @BeforeEach
  void authority() throws Exception {
    ca = CliAuthority.create(tmp);
    server = tmp.resolve("server");
  }

  @Test
  void issueStatusRotateWithRevocationAndStatusAgain() throws Exception {
    String first =
        ca.issue(
            server,
            "repo",
            "--dns",
            "repo.example.org",
            "--ip",
            "127.0.0.1",
            "--usage",
            "server",
            "--lifetime",
            "60d");

    JsonNode before = CliAuthority.status(server.toString(), "--json").json();
    JsonNode leaf = certificateAt(before, server.resolve("tls.crt"));
    assertThat(leaf.get("serial").asText()).isEqualTo(first);
    assertThat(leaf.get("subject").asText()).isEqualTo("CN=repo");
    assertThat(leaf.get("alternativeNames").toString())
        .isEqualTo("[\"DNS:repo.example.org\",\"IP:127.0.0.1\",\"URI:spiffe://holdfast/repo\"]");
    assertThat(leaf.get("issuer").asText()).isEqualTo("CN=Holdfast CA 1");
    assertThat(leaf.get("daysLeft").asLong()).isEqualTo(59);
    assertThat(leaf.get("verdict").asText()).isEqualTo("ok");
    assertThat(leaf.get("renewAt").isTextual()).isTrue();
    Cli.Result table = CliAuthority.status(server.toString());
    assertThat(table.code()).as("%s", table).isZero();
    assertThat(table.out())
        .containsPattern(server.resolve("tls.crt") + "\\[0\\] +CN=repo +DNS:repo.example.org, IP")
        .containsPattern(" 59 +ok\\n")
        .contains("2 certificates: 2 ok");

    JsonNode rotated = ca.json("rotate", "--now", "--revoke", "--out", server.toString());

    String second = rotated.get("reissued").get(0).get("leaf").get("serial").asText();
    assertThat(second).isNotEqualTo(first);
    assertThat(rotated.get("reissued").get(0).get("replaced").asText()).isEqualTo(first);
    assertThat(rotated.get("revoked").toString()).isEqualTo("[\"" + first + "\"]");
    JsonNode after = CliAuthority.status(server.resolve("tls.crt").toString(), "--json").json();
    assertThat(after.get("certificates").get(0).get("serial").asText()).isEqualTo(second);
    assertThat(after.get("certificates").get(0).get("daysLeft").asLong()).isEqualTo(59);
    X509CRL crl = Pem.readCrls(server.resolve("crl.pem")).get(0);
    assertThat(crl.getRevokedCertificate(SerialNumber.parse(first).value())).isNotNull();
    assertThat(crl.getRevokedCertificate(SerialNumber.parse(second).value())).isNull();
    assertThat(LeafFiles.in(server).read().serial()).isEqualTo(SerialNumber.parse(second));
  }

  @Test
  void whatIssueWritesServesARealHandshake() throws Exception {
    ca.issue(server, "server", "--ip", "127.0.0.1", "--usage", "server");
    Path agent = tmp.resolve("agent");
    ca.issue(agent, "agent", "--usage", "client");
    Clock clock = Clock.systemUTC();
    try (Reloader serving =
            Reloader.load(LeafFiles.in(server), TrustFiles.in(server), PeerIdentity.any(), clock);
        Reloader connecting =
            Reloader.load(
                LeafFiles.in(agent),
                TrustFiles.in(agent),
                PeerIdentity.uri("spiffe://holdfast/server"),
                clock);
        LoopbackServer listener = serve(serving);
        Connection connection =
            Connection.open(SslContexts.reloading(connecting), listener.port())) {
      String agentSerial = LeafFiles.in(agent).read().serial().toString();

      assertThat(connection.exchange("hello")).isEqualTo("hello from " + agentSerial);
    }
  }

  @Test
  void renewIsQuietUntilDueAndKeepsAChangedRenewalPoint() throws Exception {
    String serial = ca.issue(server, "repo");

    JsonNode renewals = ca.json("renew", "--out", server.toString());
    Cli.Result text = ca.run("renew", "--out", server.toString(), "--renew-at", "1h");

    assertThat(renewals).hasSize(1);
    JsonNode renewal = renewals.get(0);
    assertThat(renewal.get("renewed").asBoolean()).isFalse();
    assertThat(renewal.get("serial").asText()).isEqualTo(serial);
    assertThat(renewal.get("reason").asText()).startsWith("not due until ");
    assertThat(text.code()).as("%s", text).isZero();
    assertThat(text.out()).startsWith(server + ": not due; serial " + serial + ", valid until ");
    assertThat(Files.readString(server.resolve("leaf.conf"))).contains("renew-at=1h\n");
  }

  @Test
  void renewReissuesAFolderWhoseCertificateIsGoneAndReportsAFolderItDoesNotKnow() throws Exception {
    String serial = ca.issue(server, "repo");
    Files.delete(server.resolve("tls.crt"));
    Path stranger = Files.createDirectories(tmp.resolve("stranger"));

    Cli.Result r =
        ca.run("renew", "--out", stranger.toString(), "--out", server.toString(), "--json");

    assertThat(r.code()).as("%s", r).isEqualTo(15);
    assertThat(r.err())
        .isEqualTo(
            "holdfast: "
                + stranger
                + " is not a leaf folder: it has no leaf.conf (issue a certificate there first)\n");
    JsonNode renewed = r.json().get(0);
    assertThat(renewed.get("renewed").asBoolean()).isTrue();
    assertThat(renewed.get("reason").asText()).isEqualTo("there is no certificate yet");
    assertThat(renewed.get("serial").asText()).isNotEqualTo(serial);
  }

  @Test
  void theStagedCaRotationBeginsRefusesAnEarlyStepAndTheEmergencyPathFinishesIt() throws Exception {
    ca.issue(server, "repo");

    JsonNode began = ca.json("ca rotate");
    Cli.Result early = ca.run("ca rotate", "--advance");
    JsonNode status = ca.json("ca rotate", "--status");
    JsonNode emergency = ca.json("rotate", "--now", "--ca", "--revoke", "--out", server.toString());

    assertThat(began.get("phase").asText()).isEqualTo("INTRODUCING");
    assertThat(began.get("trusted").toString()).isEqualTo("[1,2]");
    assertThat(early.code()).as("%s", early).isEqualTo(21);
    assertThat(early.err())
        .startsWith("holdfast: CA generation 2 joined the trust bundle at ")
        .contains("peers may take PT10M to load it");
    assertThat(status.get("canAdvance").asBoolean()).isFalse();
    assertThat(emergency.get("ca").get("phase").asText()).isEqualTo("RETIRING");
    assertThat(emergency.get("ca").get("trusted").toString()).isEqualTo("[3]");
    assertThat(emergency.get("reissued").get(0).get("leaf").get("issuer").asText())
        .isEqualTo("CN=Holdfast CA 3");
    assertThat(TrustFiles.in(server).readBundle()).hasSize(1);
    assertThat(Certificates.subject(TrustFiles.in(server).readBundle().get(0)))
        .isEqualTo("CN=Holdfast CA 3");
  }

  @Test
  void statusGatesOnTheCriticalVerdictByDefaultAndOnWarnWhenAsked() throws Exception {
    ca.issue(server, "repo"); // 24 hours
    String leaf = server.resolve("tls.crt").toString();

    Cli.Result defaults = CliAuthority.status(leaf);
    Cli.Result warn = CliAuthority.status(leaf, "--warn", "2d", "--critical", "1h");
    Cli.Result warnFails =
        CliAuthority.status(leaf, "--warn", "2d", "--critical", "1h", "--fail-on", "warn");
    Cli.Result critical = CliAuthority.status(leaf, "--warn", "30d", "--critical", "7d");

    assertThat(defaults.code()).as("%s", defaults).isZero();
    assertThat(defaults.out()).contains("1 certificates: 1 ok");
    assertThat(warn.code()).as("%s", warn).isZero();
    assertThat(warn.out()).contains("1 certificates: 1 warn (warn 2d, critical 1h)");
    assertThat(warnFails.code()).as("%s", warnFails).isEqualTo(22);
    assertThat(critical.code()).as("%s", critical).isEqualTo(22);
    assertThat(critical.out()).contains("1 certificates: 1 critical");
  }

  @Test
  void anExpiredCertificateFailsTheGate() throws Exception {
    MutableClock longAgo = new MutableClock(Instant.parse("2020-01-01T00:00:00Z"));
    CertificateAuthority old = TestCertificates.ca("Old CA", longAgo);
    Path file =
        Files.write(
            tmp.resolve("old.pem"),
            Pem.encodeCertificates(List.of(TestCertificates.leaf(old, "old").certificate())));

    Cli.Result r = CliAuthority.status(file.toString(), "--json");

    assertThat(r.code()).as("%s", r).isEqualTo(22);
    JsonNode certificate = r.json().get("certificates").get(0);
    assertThat(certificate.get("verdict").asText()).isEqualTo("expired");
    assertThat(certificate.get("daysLeft").asLong()).isNegative();
  }

  @Test
  void theMetricsOutputCarriesTheGaugesOfEachCertificate() throws Exception {
    ca.issue(server, "repo");
    CertifiedKey material = LeafFiles.in(server).read();

    Cli.Result r = CliAuthority.status(server.toString(), "--metrics");

    assertThat(r.code()).as("%s", r).isZero();
    String labels =
        "{serial=\""
            + material.serial()
            + "\",source=\""
            + server.resolve("tls.crt")
            + "\",subject=\"repo\"}";
    long notAfter = material.certificate().getNotAfter().toInstant().getEpochSecond();
    assertThat(r.out())
        .contains("# TYPE " + CertificateMetrics.EXPIRY + " gauge")
        .containsPattern(
            Pattern.quote(CertificateMetrics.EXPIRY + labels)
                + " "
                + Pattern.quote(Double.toString(notAfter)))
        .contains(CertificateMetrics.READY + labels + " 1.0")
        .contains(CertificateMetrics.RENEWAL + labels + " ")
        .contains(
            CertificateMetrics.SOURCE_UP + "{source=\"" + server.resolve("tls.crt") + "\"} 1.0");
  }

  @Test
  void aLiveEndpointIsInspected() throws Exception {
    ca.issue(server, "server", "--ip", "127.0.0.1");
    String serial = LeafFiles.in(server).read().serial().toString();
    try (Reloader serving =
            Reloader.load(
                LeafFiles.in(server),
                TrustFiles.in(server),
                PeerIdentity.any(),
                Clock.systemUTC());
        LoopbackServer listener = serve(serving)) {
      String endpoint = "127.0.0.1:" + listener.port();

      Cli.Result r = CliAuthority.status(endpoint, "--json");

      assertThat(r.code()).as("%s", r).isZero();
      JsonNode certificate = r.json().get("certificates").get(0);
      assertThat(certificate.get("source").asText()).isEqualTo(endpoint);
      assertThat(certificate.get("kind").asText()).isEqualTo("endpoint");
      assertThat(certificate.get("serial").asText()).isEqualTo(serial);
    }
  }

  private static LoopbackServer serve(Reloader reloader) {
    SSLContext context = SslContexts.reloading(reloader);
    return LoopbackServer.start(() -> context);
  }

  private static JsonNode certificateAt(JsonNode report, Path source) {
    for (JsonNode certificate : report.get("certificates")) {
      if (certificate.get("source").asText().equals(source.toString())
          && certificate.get("position").asInt() == 0) {
        return certificate;
      }
    }
    throw new AssertionError("no certificate from " + source + " in " + report);
  }
}
