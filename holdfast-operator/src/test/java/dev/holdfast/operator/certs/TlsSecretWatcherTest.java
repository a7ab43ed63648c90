package dev.holdfast.operator.certs;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.testing.Gauges;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.testing.SettableClock;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.metrics.CertificateMetrics;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsSecretWatcherTest {
  private static final String NS = "shop";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private static final ScryptCost CHEAP = new ScryptCost(10, 8, 1);

  private final OperatorMetrics metrics = new OperatorMetrics();
  private KubeTestCluster cluster;
  private KubernetesClient client;
  private TlsSecretWatcher watcher;
  private CertificateAuthority issuer;
  private ClusterAuthority clusterAuthority;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    client = cluster.client();
    issuer =
        CertificateAuthority.create(
            "Let's Pretend R3",
            KeyAlgorithm.ECDSA_P256,
            Duration.ofDays(1000),
            clock,
            new SecureRandom());
    cluster.secret(NS, "holdfast-ca-passphrase", Map.of("passphrase", "ca passphrase"));
    watcher = startWatcher(CertificateSettings.defaults());
  }

  private TlsSecretWatcher startWatcher(CertificateSettings defaults) {
    // judged again only when the test says so (check()), so that nothing happens in between
    CertificateSettings settings =
        defaults.withCaNamespace(NS).withKeyCost(CHEAP).withExpiryCheckInterval(Duration.ofDays(1));
    KubernetesClient own = cluster.newClient();
    clusterAuthority = new ClusterAuthority(own, settings, clock, new SecureRandom());
    return TlsSecretWatcher.start(
        own, Set.of(), settings, clusterAuthority, clock, new EventRecorder(own, clock), metrics);
  }

  @AfterEach
  void stop() {
    watcher.close();
    cluster.close();
  }

  @Test
  void aCertManagerSecretsExpiryIsExportedAndWarnedOnceAtEachThreshold() {
    CertifiedKey leaf = leaf("shop.example.com", Duration.ofDays(90));
    createTlsSecret("web-tls", leaf, Map.of("cert-manager.io/certificate-name", "web"));
    createSecret("db-password", "Opaque", Map.of("password", base64("hunter2")), Map.of());
    double notAfter = leaf.certificate().getNotAfter().toInstant().getEpochSecond();

    await(
        "the expiry gauge of shop/web-tls",
        () -> gauge(CertificateMetrics.EXPIRY, "web-tls"),
        v -> v == notAfter);
    GaugeDataPointSnapshot point = point(CertificateMetrics.EXPIRY, "web-tls");
    assertThat((Object) point.getLabels())
        .isEqualTo(
            Labels.of(
                "namespace",
                NS,
                "secret",
                "web-tls",
                "serial",
                leaf.serial().toString(),
                "subject",
                "shop.example.com"));
    assertThat(gauge(CertificateMetrics.READY, "web-tls")).isEqualTo(1.0);
    assertThat(gauge(CertificateMetrics.SOURCE_UP, "web-tls")).isEqualTo(1.0);
    assertThat(gauge(CertificateMetrics.RENEWAL, "web-tls")).as("not Holdfast's to renew").isNull();
    assertThat(gauge(CertificateMetrics.SOURCE_UP, "db-password")).isNull();
    assertThat(warnings("web-tls")).isEmpty();

    clock.advance(Duration.ofDays(61)); // 29 days left: within the warn threshold of 30
    watcher.check();
    watcher.check();
    assertThat(warnings("web-tls"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("CertificateExpiringSoon");
              assertThat(e.getInvolvedObject().getKind()).isEqualTo("Secret");
              assertThat(e.getMessage())
                  .startsWith("Secret shop/web-tls tls.crt: CN=shop.example.com (serial ")
                  .contains("; it passed the warn threshold at ");
            });
    assertThat(gauge(CertificateMetrics.READY, "web-tls")).isEqualTo(1.0);

    clock.advance(Duration.ofDays(23)); // 6 days left
    watcher.check();
    assertThat(warnings("web-tls"))
        .extracting(Event::getReason)
        .containsExactly("CertificateExpiringSoon", "CertificateExpiryCritical");
    assertThat(gauge(CertificateMetrics.READY, "web-tls")).isEqualTo(0.0);

    clock.advance(Duration.ofDays(7));
    watcher.check();
    assertThat(warnings("web-tls"))
        .extracting(Event::getReason)
        .containsExactly(
            "CertificateExpiringSoon", "CertificateExpiryCritical", "CertificateExpired");
  }

  @Test
  void aRenewedCertificateReplacesTheOldSeriesAndADeletedSecretLeaves() {
    CertifiedKey first = leaf("api.example.com", Duration.ofDays(30));
    createTlsSecret("api-tls", first, Map.of());
    await(
        "the first certificate of shop/api-tls",
        () -> point(CertificateMetrics.EXPIRY, "api-tls"),
        p -> p != null && p.getLabels().get("serial").equals(first.serial().toString()));

    CertifiedKey second = leaf("api.example.com", Duration.ofDays(60));
    client
        .secrets()
        .inNamespace(NS)
        .withName("api-tls")
        .edit(s -> new SecretBuilder(s).withData(data(second)).build());
    await(
        "the renewed certificate of shop/api-tls",
        () -> point(CertificateMetrics.EXPIRY, "api-tls"),
        p -> p != null && p.getLabels().get("serial").equals(second.serial().toString()));
    assertThat(points(CertificateMetrics.EXPIRY)).hasSize(1);

    client.secrets().inNamespace(NS).withName("api-tls").delete();
    await("no series left", () -> points(CertificateMetrics.EXPIRY), List::isEmpty);
  }

  @Test
  void aDamagedCertificateIsReportedDownWithAWarning() {
    createSecret(
        "broken-tls",
        TlsSecrets.TYPE,
        Map.of(
            TlsSecrets.CERTIFICATE, base64("-----BEGIN CERTIFICATE-----\nAAAA\n"),
            TlsSecrets.PRIVATE_KEY, base64("nothing")),
        Map.of());

    await(
        "shop/broken-tls reported down",
        () -> gauge(CertificateMetrics.SOURCE_UP, "broken-tls"),
        v -> v == 0.0);
    assertThat(gauge(CertificateMetrics.EXPIRY, "broken-tls")).isNull();
    assertThat(
            await(
                "a warning about shop/broken-tls", () -> warnings("broken-tls"), w -> !w.isEmpty()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("CertificateUnreadable");
              assertThat(e.getMessage()).startsWith("Secret shop/broken-tls tls.crt: ");
            });
  }

  @Test
  void theClusterCasOwnExpiryIsExportedAndWarnedAboutAndLeavesWithItsSecret() {
    CertificateAuthority ca = clusterAuthority.authority(); // made on first use, a year's lifetime
    watcher.check();
    double notAfter = ca.certificate().getNotAfter().toInstant().getEpochSecond();
    assertThat(gauge(CertificateMetrics.EXPIRY, "holdfast-ca")).isEqualTo(notAfter);
    assertThat(point(CertificateMetrics.EXPIRY, "holdfast-ca").getLabels().get("subject"))
        .isEqualTo("Holdfast cluster CA");
    assertThat(gauge(CertificateMetrics.SOURCE_UP, "holdfast-ca")).isEqualTo(1.0);
    assertThat(warnings("holdfast-ca")).isEmpty();

    clock.advance(Duration.ofDays(340)); // less than 30 days left
    watcher.check();
    assertThat(warnings("holdfast-ca"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("CertificateExpiringSoon");
              assertThat(e.getMessage())
                  .startsWith("Secret shop/holdfast-ca ca.crt: CN=Holdfast cluster CA (serial ");
            });

    client.secrets().inNamespace(NS).withName("holdfast-ca").delete();
    watcher.check();
    assertThat(gauge(CertificateMetrics.EXPIRY, "holdfast-ca")).isNull();
  }

  @Test
  void withTheTlsSecretWatchOffOnlyTheClusterCaIsWatched() {
    watcher.close();
    assertThat(points(CertificateMetrics.EXPIRY)).as("closing removes the gauges").isEmpty();
    watcher = startWatcher(CertificateSettings.defaults().withoutTlsSecretWatch());
    createTlsSecret("web-tls", leaf("shop.example.com", Duration.ofDays(90)), Map.of());
    clusterAuthority.authority();

    watcher.check();

    assertThat(points(CertificateMetrics.EXPIRY))
        .singleElement()
        .satisfies(p -> assertThat(p.getLabels().get("secret")).isEqualTo("holdfast-ca"));
    assertThat(watcher.cached()).isEmpty();
  }

  @Test
  void theWatcherKeepsNoSecretData() {
    createTlsSecret("web-tls", leaf("shop.example.com", Duration.ofDays(90)), Map.of());
    await("shop/web-tls watched", () -> gauge(CertificateMetrics.EXPIRY, "web-tls"), v -> true);

    // (the mock API server ignores the type field selector, so other Secrets may be cached too)
    assertThat(watcher.cached()).extracting(s -> s.getMetadata().getName()).contains("web-tls");
    assertThat(watcher.cached()).allSatisfy(s -> assertThat(s.getData()).isNullOrEmpty());
  }

  private CertifiedKey leaf(String name, Duration lifetime) {
    return issuer.issue(
        new LeafRequest(
            name,
            List.of(name),
            List.of(),
            List.of(),
            Usage.SERVER,
            lifetime,
            KeyAlgorithm.ECDSA_P256));
  }

  private void createTlsSecret(String name, CertifiedKey leaf, Map<String, String> annotations) {
    createSecret(name, TlsSecrets.TYPE, data(leaf), annotations);
  }

  private void createSecret(
      String name, String type, Map<String, String> data, Map<String, String> annotations) {
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(new HashMap<>(annotations))
                .endMetadata()
                .withType(type)
                .withData(data)
                .build())
        .create();
  }

  private Map<String, String> data(CertifiedKey leaf) {
    return Map.of(
        TlsSecrets.CERTIFICATE, base64(Pem.encodeCertificates(leaf.chain())),
        TlsSecrets.PRIVATE_KEY, base64(Pem.encodePrivateKey(leaf.privateKey())),
        TlsSecrets.TRUST_BUNDLE, base64(Pem.encodeCertificates(List.of(issuer.certificate()))));
  }

  private static String base64(String text) {
    return base64(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private List<Event> warnings(String secret) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> secret.equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .sorted(Comparator.comparing(Event::getLastTimestamp))
        .toList();
  }

  private List<GaugeDataPointSnapshot> points(String name) {
    return Gauges.points(metrics.registry(), name);
  }

  private GaugeDataPointSnapshot point(String name, String secret) {
    return Gauges.point(metrics.registry(), name, Map.of("secret", secret));
  }

  private Double gauge(String name, String secret) {
    return Gauges.value(metrics.registry(), name, Map.of("secret", secret));
  }
}
