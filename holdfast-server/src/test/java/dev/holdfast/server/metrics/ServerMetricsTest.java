package dev.holdfast.server.metrics;

import static dev.holdfast.server.testing.TestServer.AGENT;
import static dev.holdfast.server.testing.TestServer.OUTSIDER;
import static dev.holdfast.server.testing.TestServer.RESTORER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.ForwardingBlobStore;
import dev.holdfast.server.ServerLimits;
import dev.holdfast.server.testing.MetricsScrape;
import dev.holdfast.server.testing.RawHttps;
import dev.holdfast.server.testing.TestServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's metrics as Prometheus scrapes them, over loopback from the metrics endpoint, after
 * real mutual-TLS requests: every request is counted once under its repository, operation and
 * outcome, body bytes are counted exactly, and nothing a client sent (a repository name the server
 * does not offer, an identity) becomes a label.
 */
class ServerMetricsTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private static final String BLOB = "data/" + "3fa2".repeat(16);

  @TempDir Path tmp;

  private TestServer server;
  private MetricsEndpoint endpoint;
  private URI metrics;

  @BeforeEach
  void start() {
    start(UnaryOperator.identity());
  }

  /** (Re)starts the server with its main repository's store wrapped by {@code wrapMain}. */
  private void start(UnaryOperator<BlobStore> wrapMain) {
    if (server != null) {
      stop();
    }
    server =
        TestServer.start(
            tmp.resolve("server-" + System.nanoTime()), ServerLimits.defaults(), wrapMain);
    endpoint =
        MetricsEndpoint.start(new InetSocketAddress("127.0.0.1", 0), server.metrics().registry());
    metrics = URI.create("http://127.0.0.1:" + endpoint.port() + MetricsEndpoint.PATH);
  }

  @AfterEach
  void stop() {
    endpoint.close();
    server.close();
    server = null;
  }

  @Test
  void everyRequestIsCountedByRepositoryOperationAndOutcomeWithItsBodyBytes() throws Exception {
    MetricsScrape before = MetricsScrape.of(metrics);
    assertThat(before.series(ServerMetrics.REQUESTS))
        .as("series of the offered repositories exist before any request")
        .anyMatch(s -> s.labels().get("repository").equals("main"));
    byte[] blob = new byte[100_000];
    new Random(5).nextBytes(blob);
    long sentMain = 0;
    long sentNowhere = 0;

    try (RawHttps agent = server.connect(AGENT)) {
      assertThat(agent.exchange("PUT", "/main/" + BLOB, blob, "If-None-Match: *").status())
          .isEqualTo(201);
      sentMain +=
          bodyOf(agent.exchange("PUT", "/main/" + BLOB, new byte[0], "If-None-Match: *"), 412);
      sentMain +=
          bodyOf(agent.exchange("PUT", "/main/" + BLOB, new byte[0]), 428); // no If-None-Match
      sentMain += bodyOf(agent.exchange("GET", "/main/" + BLOB, null), 200);
      sentMain += bodyOf(agent.exchange("GET", "/main/" + BLOB, null, "Range: bytes=0-99"), 206);
      sentMain += bodyOf(agent.exchange("HEAD", "/main/data/" + "00".repeat(32), null), 404);
      sentMain += bodyOf(agent.exchange("GET", "/main/data/", null), 200);
      sentMain += bodyOf(agent.exchange("POST", "/main/config", new byte[0]), 405);
      sentNowhere += bodyOf(agent.exchange("GET", "/secret-repository/config", null), 404);
      sentNowhere += bodyOf(agent.exchange("GET", "/main/DATA/x", null), 400);
    }
    try (RawHttps restorer = server.connect(RESTORER)) {
      sentMain += bodyOf(restorer.exchange("DELETE", "/main/" + BLOB, null), 403);
    }
    try (RawHttps outsider = server.connect(OUTSIDER)) {
      sentMain += bodyOf(outsider.exchange("GET", "/main/config", null), 404);
    }

    double total = before.sum(ServerMetrics.REQUESTS) + 12;
    MetricsScrape after =
        MetricsScrape.until(metrics, s -> s.sum(ServerMetrics.REQUESTS) >= total && idle(s), LIMIT);

    assertThat(after.sum(ServerMetrics.REQUESTS)).as(after.text()).isEqualTo(total);
    assertThat(delta(before, after, "main", "append", "ok")).isEqualTo(1);
    assertThat(delta(before, after, "main", "append", "exists")).isEqualTo(1);
    assertThat(delta(before, after, "main", "append", "rejected")).isEqualTo(1);
    assertThat(delta(before, after, "main", "read", "ok")).isEqualTo(2);
    assertThat(delta(before, after, "main", "read", "not_found")).as("HEAD, outsider").isEqualTo(2);
    assertThat(delta(before, after, "main", "list", "ok")).isEqualTo(1);
    assertThat(delta(before, after, "main", "other", "rejected")).as("POST").isEqualTo(1);
    assertThat(delta(before, after, "main", "delete", "forbidden")).isEqualTo(1);
    assertThat(delta(before, after, "-", "read", "not_found")).isEqualTo(1);
    assertThat(delta(before, after, "-", "other", "rejected")).isEqualTo(1);

    assertThat(bytes(after, ServerMetrics.RECEIVED_BYTES, "main"))
        .isEqualTo(bytes(before, ServerMetrics.RECEIVED_BYTES, "main") + blob.length);
    assertThat(bytes(after, ServerMetrics.SENT_BYTES, "main"))
        .isEqualTo(bytes(before, ServerMetrics.SENT_BYTES, "main") + sentMain);
    assertThat(bytes(after, ServerMetrics.SENT_BYTES, "-"))
        .isEqualTo(bytes(before, ServerMetrics.SENT_BYTES, "-") + sentNowhere);
    assertThat(sentMain).isGreaterThan(blob.length + 100);

    assertThat(after.text())
        .as("names the server does not offer and identities never become labels")
        .doesNotContain("secret-repository")
        .doesNotContain("spiffe")
        .doesNotContain("DATA");
  }

  @Test
  void storageFailuresCountAsErrorsAndBusyStorageAsThrottled() throws Exception {
    BlobName busy = new BlobName(BlobKind.PACK, "b0".repeat(32));
    BlobName broken = new BlobName(BlobKind.PACK, "e0".repeat(32));
    BlobName cut = new BlobName(BlobKind.PACK, "c0".repeat(32));
    start(
        local ->
            new ForwardingBlobStore(local) {
              @Override
              public byte[] getRange(BlobName name, long offset, int length) {
                if (name.equals(busy)) {
                  throw new StorageUnavailable("busy", false, null);
                }
                if (name.equals(broken) || (name.equals(cut) && offset > 0)) {
                  throw new StorageUnavailable("disk gone", true, null);
                }
                return super.getRange(name, offset, length);
              }
            });
    byte[] small = new byte[10];
    server.store(TestServer.MAIN).putIfAbsent(busy, small);
    server.store(TestServer.MAIN).putIfAbsent(broken, small);
    server.store(TestServer.MAIN).putIfAbsent(cut, new byte[ServerLimits.READ_WINDOW + 1]);
    MetricsScrape before = MetricsScrape.of(metrics);

    try (RawHttps agent = server.connect(AGENT)) {
      assertThat(agent.exchange("GET", "/main/data/" + busy.name(), null).status()).isEqualTo(503);
      assertThat(agent.exchange("GET", "/main/data/" + broken.name(), null).status())
          .isEqualTo(500);
      assertThat(agent.exchange("GET", "/main/data/" + cut.name(), null).body())
          .as("the answer is cut after its first window")
          .hasSizeLessThan(ServerLimits.READ_WINDOW + 1);
    }

    MetricsScrape after =
        MetricsScrape.until(
            metrics,
            s -> s.sum(ServerMetrics.REQUESTS) >= before.sum(ServerMetrics.REQUESTS) + 3 && idle(s),
            LIMIT);
    assertThat(delta(before, after, "main", "read", "throttled")).isEqualTo(1);
    assertThat(delta(before, after, "main", "read", "error"))
        .as("500 and the cut answer")
        .isEqualTo(2);
    assertThat(after.sum(ServerMetrics.REQUESTS)).isEqualTo(before.sum(ServerMetrics.REQUESTS) + 3);
  }

  @Test
  void theEndpointServesMetricsAndNothingElse() throws Exception {
    MetricsScrape scrape = MetricsScrape.of(metrics);
    assertThat(scrape.contentType()).startsWith("text/plain; version=0.0.4");
    assertThat(scrape.text()).contains("# TYPE " + ServerMetrics.REQUESTS + " counter");
    assertThat(scrape.series(ServerMetrics.IN_FLIGHT)).hasSize(1);

    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (String path : new String[] {"/", "/metrics/", "/metrics/x", "/main/config", "/status"}) {
      var answer =
          http.send(
              java.net.http.HttpRequest.newBuilder(metrics.resolve(path)).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(path).isEqualTo(404);
      assertThat(answer.body()).as(path).isEmpty();
    }
    var post =
        http.send(
            java.net.http.HttpRequest.newBuilder(metrics)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");

    var openMetrics =
        http.send(
            java.net.http.HttpRequest.newBuilder(metrics)
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(openMetrics.statusCode()).isEqualTo(200);
    assertThat(openMetrics.headers().firstValue("content-type").orElseThrow())
        .startsWith("application/openmetrics-text");
    assertThat(openMetrics.body()).endsWith("# EOF\n");
    assertThat(openMetrics.headers().firstValue("server")).isEmpty();
  }

  @Test
  void tlsReloadsAreCountedWithTheTimeOfTheLastSuccess() throws Exception {
    ServerMetrics served = new ServerMetrics(new PrometheusRegistry());
    served.tlsLoaded(Instant.parse("2026-11-25T10:00:00Z"));
    MetricsScrape started = scrape(served);
    assertThat(started.sum(ServerMetrics.TLS_LAST_RELOAD)).isEqualTo(1795600800.0);
    assertThat(started.sum(ServerMetrics.TLS_RELOADS, "result", "ok")).isZero();
    assertThat(started.series(ServerMetrics.TLS_RELOADS)).hasSize(2);

    served.tlsReloadFailed();
    served.tlsReloaded(Instant.parse("2026-11-25T11:00:00.500Z"));
    served.tlsReloadFailed();

    MetricsScrape reloaded = scrape(served);
    assertThat(reloaded.sum(ServerMetrics.TLS_RELOADS, "result", "ok")).isEqualTo(1);
    assertThat(reloaded.sum(ServerMetrics.TLS_RELOADS, "result", "failed")).isEqualTo(2);
    assertThat(reloaded.sum(ServerMetrics.TLS_LAST_RELOAD)).isEqualTo(1795604400.5);
  }

  private static MetricsScrape scrape(ServerMetrics metrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return MetricsScrape.parse(out.toString(StandardCharsets.UTF_8));
  }

  private static boolean idle(MetricsScrape scrape) {
    return scrape.sum(ServerMetrics.IN_FLIGHT) == 0;
  }

  /** The body length of {@code answer}, after checking its status. */
  private static long bodyOf(RawHttps.Answer answer, int status) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    return answer.body().length;
  }

  private static double delta(
      MetricsScrape before, MetricsScrape after, String repository, String op, String outcome) {
    String[] labels = {"repository", repository, "operation", op, "outcome", outcome};
    return after.sum(ServerMetrics.REQUESTS, labels) - before.sum(ServerMetrics.REQUESTS, labels);
  }

  private static double bytes(MetricsScrape scrape, String name, String repository) {
    return scrape.sum(name, "repository", repository);
  }
}
