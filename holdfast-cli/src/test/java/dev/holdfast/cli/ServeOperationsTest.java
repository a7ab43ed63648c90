package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.cli.serve.HangupSignal;
import dev.holdfast.server.metrics.ServerMetrics;
import dev.holdfast.server.testing.MetricsScrape;
import dev.holdfast.tls.material.LeafFiles;
import dev.holdfast.tls.metrics.CertificateMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Running {@code holdfast serve} as an operator does: Prometheus scrapes {@code --metrics-listen}
 * and sees the requests of real jobs and the server's own certificate; a renewed or rotated
 * certificate is served after the next {@code --reload-interval} or at once on SIGHUP, each reload
 * printed and counted; bad options are usage errors.
 */
class ServeOperationsTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private final List<CliServer> servers = new ArrayList<>();
  CliAuthority ca;
  Path serverTls;
  String serverSerial;
  Path agent;
  Path policy;

  @BeforeEach
  void certificates() throws Exception {
    ca = CliAuthority.create(tmp);
    serverTls = tmp.resolve("server-tls");
    serverSerial =
        ca.issue(
            serverTls,
            "repo-server",
            "--dns",
            "localhost",
            "--ip",
            "127.0.0.1",
            "--usage",
            "server");
    agent = tmp.resolve("agent-tls");
    ca.issue(agent, "agent", "--usage", "client");
    policy =
        Files.writeString(
            tmp.resolve("policy.json"),
            """
            {"repositories": {"main": {
              "read": ["spiffe://holdfast/agent"], "append": ["spiffe://holdfast/agent"]}}}
            """);
  }

  private CliServer serve(String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--repository",
                "main=" + tmp.resolve("served"),
                "--policy",
                policy.toString(),
                "--tls-dir",
                serverTls.toString(),
                "--state-dir",
                tmp.resolve("state").toString()));
    args.addAll(List.of(more));
    CliServer server = CliServer.start(tmp, true, args.toArray(new String[0]));
    servers.add(server);
    return server;
  }

  @AfterEach
  void haltServers() throws InterruptedException {
    for (CliServer server : servers) {
      server.halt();
    }
  }

  @Test
  void prometheusSeesTheRequestsOfRealJobsAndTheServersCertificate() throws Exception {
    CliServer server = serve();
    CliRepo repo =
        CliRepo.create(tmp, server.location("main"), List.of("--tls-dir", agent.toString()));
    String snapshot = repo.backup(SampleTrees.write(tmp.resolve("data"), 3).toString());
    Cli.Result forget = repo.run("forget", snapshot);
    assertThat(forget.code()).as("%s", forget).isEqualTo(13); // the agent may not delete

    MetricsScrape scrape =
        MetricsScrape.until(
            server.metrics(),
            s ->
                s.sum(ServerMetrics.REQUESTS, "operation", "delete", "outcome", "forbidden") >= 1
                    && s.sum(ServerMetrics.IN_FLIGHT) == 0,
            LIMIT);
    Cli.Result served = server.stop();

    assertThat(requests(scrape, "delete", "forbidden")).as(scrape.text()).isEqualTo(1);
    assertThat(requests(scrape, "append", "ok")).isPositive();
    assertThat(requests(scrape, "read", "ok")).isPositive();
    assertThat(requests(scrape, "list", "ok")).isPositive();
    assertThat(scrape.sum(ServerMetrics.REQUESTS, "outcome", "error")).isZero();
    assertThat(scrape.sum(ServerMetrics.RECEIVED_BYTES, "repository", "main"))
        .as("every byte stored came in a request body")
        .isGreaterThanOrEqualTo(sizeOf(tmp.resolve("served")));
    assertThat(scrape.sum(ServerMetrics.SENT_BYTES, "repository", "main")).isPositive();

    String certificate = serverTls.resolve("tls.crt").toString();
    long notAfter =
        LeafFiles.in(serverTls).read().certificate().getNotAfter().toInstant().getEpochSecond();
    assertThat(scrape.sum(CertificateMetrics.EXPIRY, "source", certificate, "serial", serverSerial))
        .isEqualTo(notAfter);
    assertThat(
            scrape.sum(CertificateMetrics.RENEWAL, "source", certificate, "serial", serverSerial))
        .as("the server's leaf is one holdfast renews (leaf.conf)")
        .isBetween(notAfter - 86_400.0, (double) notAfter);
    assertThat(scrape.sum(CertificateMetrics.READY, "source", certificate)).isEqualTo(1);
    assertThat(
            scrape.sum(
                CertificateMetrics.READY,
                "source",
                serverTls.resolve("ca.crt").toString(),
                "subject",
                "Holdfast CA 1"))
        .isEqualTo(1);
    assertThat(scrape.sum(ServerMetrics.TLS_RELOADS)).isZero();
    assertThat(scrape.sum(ServerMetrics.TLS_LAST_RELOAD)).isPositive();
    assertThat(scrape.text()).doesNotContain("spiffe").doesNotContain(CliRepo.PASSPHRASE);
    assertThat(served.out())
        .contains("TLS: certificate CN=repo-server serial " + serverSerial + ", valid until ")
        .contains("trusting CN=Holdfast CA 1 (1 CRL)")
        .contains("files read again every 30s")
        .contains("metrics on http://127.0.0.1:" + server.metrics().getPort() + "/metrics");
  }

  @Test
  void aRotatedCertificateIsServedAfterTheNextReloadWhichIsPrintedAndCounted() throws Exception {
    CliServer server = serve("--reload-interval", "200ms");
    CliRepo repo =
        CliRepo.create(tmp, server.location("main"), List.of("--tls-dir", agent.toString()));

    String rotated = rotateServerCertificate();
    MetricsScrape scrape = awaitServed(server, rotated);

    assertThat(scrape.sum(ServerMetrics.TLS_RELOADS, "result", "ok")).isGreaterThanOrEqualTo(1);
    assertThat(servedSerial(server)).as("a new handshake").isEqualTo(rotated);
    assertThat(repo.run("snapshots").code()).as("a client after the reload").isZero();
    Cli.Result served = server.stop();
    assertThat(served.out())
        .contains("files read again every 200ms")
        .containsPattern(
            "\\n\\S+ reloaded TLS material: certificate CN=repo-server serial "
                + rotated
                + ", valid until \\S+");
  }

  @Test
  void damagedFilesAreWarnedAboutOnceCountedAndTheCertificateInForceStays() throws Exception {
    CliServer server = serve("--reload-interval", "100ms");
    CliRepo repo =
        CliRepo.create(tmp, server.location("main"), List.of("--tls-dir", agent.toString()));

    // Replaced in one step, so that every poll sees the same damage.
    Path garbage =
        Files.writeString(
            tmp.resolve("garbage.crt"),
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
    Files.move(
        garbage,
        serverTls.resolve("tls.crt"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    MetricsScrape scrape =
        MetricsScrape.until(
            server.metrics(),
            s -> s.sum(ServerMetrics.TLS_RELOADS, "result", "failed") >= 3,
            LIMIT);

    assertThat(scrape.sum(ServerMetrics.TLS_RELOADS, "result", "ok")).isZero();
    assertThat(scrape.sum(CertificateMetrics.EXPIRY, "serial", serverSerial)).isPositive();
    assertThat(servedSerial(server)).isEqualTo(serverSerial);
    assertThat(repo.run("snapshots").code()).isZero();
    Cli.Result served = server.stop();
    assertThat(served.err().split("TLS material not reloaded: ", -1))
        .as("one warning for the same failure, however many polls see it: %s", served)
        .hasSize(2);
    assertThat(served.err())
        .contains(serverTls.resolve("tls.crt").toString())
        .contains("still serving serial " + serverSerial);
  }

  @Test
  void sighupReloadsAtOnce() throws Exception {
    CliServer server = serve("--reload-interval", "1h");
    assumeTrue(HangupSignal.installed(), "this JVM cannot handle SIGHUP");

    String rotated = rotateServerCertificate();
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(ProcessHandle.current().pid())).start();
    assertThat(kill.waitFor()).isZero();
    awaitServed(server, rotated);

    assertThat(servedSerial(server)).isEqualTo(rotated);
    assertThat(server.stop().out()).contains("files read again every 1h and on SIGHUP");
    assertThat(HangupSignal.installed()).as("the JVM's own handler is back").isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--reload-interval|0s|--reload-interval 0s is out of range (100ms to 1h)",
        "--reload-interval|50ms|--reload-interval 50ms is out of range (100ms to 1h)",
        "--reload-interval|2h|--reload-interval 2h is out of range (100ms to 1h)",
        "--reload-interval|soon|--reload-interval: 'soon' is not a duration",
        "--metrics-listen|nowhere|--metrics-listen 'nowhere' is not HOST:PORT",
        "--metrics-port-file|port|--metrics-port-file needs --metrics-listen"
      })
  void badOperationsOptionsAreUsageErrors(String option, String value, String message) {
    Cli.Result r =
        Cli.run(
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--repository",
            "main=" + tmp.resolve("served"),
            "--policy",
            policy.toString(),
            "--tls-dir",
            serverTls.toString(),
            option,
            value);

    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains(message);
  }

  /** Replaces the server's certificate and key on disk, as during an incident; the new serial. */
  private String rotateServerCertificate() {
    JsonNode rotated = ca.json("rotate", "--now", "--out", serverTls.toString());
    String serial = rotated.get("reissued").get(0).get("leaf").get("serial").asText();
    assertThat(serial).isNotEqualTo(serverSerial);
    return serial;
  }

  /** Waits until the server's gauges show {@code serial}: the reload took it. */
  private MetricsScrape awaitServed(CliServer server, String serial) throws Exception {
    return MetricsScrape.until(
        server.metrics(),
        s ->
            s.sum(
                    CertificateMetrics.EXPIRY,
                    "source",
                    serverTls.resolve("tls.crt").toString(),
                    "serial",
                    serial)
                > 0,
        LIMIT);
  }

  /** The serial of the certificate the server shows in a new handshake. */
  private static String servedSerial(CliServer server) {
    Cli.Result status = CliAuthority.status("127.0.0.1:" + server.port(), "--json");
    return status.json().get("certificates").get(0).get("serial").asText();
  }

  private static double requests(MetricsScrape scrape, String operation, String outcome) {
    return scrape.sum(
        ServerMetrics.REQUESTS, "repository", "main", "operation", operation, "outcome", outcome);
  }

  private static long sizeOf(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
