package dev.holdfast.operator.certs;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.ManagedCertificate;
import dev.holdfast.operator.api.ManagedCertificateSpec;
import dev.holdfast.operator.api.ManagedCertificateStatus;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.testing.Annotate;
import dev.holdfast.operator.testing.Gauges;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.testing.SettableClock;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.metrics.CertificateMetrics;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ManagedCertificateReconcilerTest {
  private static final String NS = "holdfast";
  private static final String APP_NS = "shop";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  /** 1 MiB of scrypt: the CA key is still encrypted, just cheaply, so tests stay fast. */
  private static final ScryptCost CHEAP = new ScryptCost(10, 8, 1);

  private static final byte[] THEIRS = "theirs".getBytes(StandardCharsets.UTF_8);

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private KubeTestCluster cluster;
  private HoldfastOperator operator;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.namespace(APP_NS);
    cluster.secret(NS, "holdfast-ca-passphrase", Map.of("passphrase", "ca passphrase\n"));
    operator = cluster.startOperator(settings());
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private OperatorSettings settings() {
    return OperatorSettings.defaults()
        .withClock(clock)
        .withCertificates(CertificateSettings.defaults().withCaNamespace(NS).withKeyCost(CHEAP));
  }

  @Test
  void issuesTheLeafIntoATlsSecretThatVerifiesAgainstItsTrustBundle() throws Exception {
    create(
        "api",
        spec(
            "api-tls",
            List.of("api.shop.svc", "api.shop.svc.cluster.local"),
            List.of("10.0.0.7"),
            List.of("spiffe://holdfast/shop/api"),
            List.of("server"),
            null));

    ManagedCertificate seen = awaitRevision("api", 1);

    Secret secret = secret("api-tls");
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    X509Certificate leaf = Pem.parseCertificates(bytes(secret, "tls.crt"), "tls.crt").get(0);
    X509Certificate ca = Pem.parseCertificates(bytes(secret, "ca.crt"), "ca.crt").get(0);
    CertifiedKey pair =
        CertifiedKey.of(
            Pem.parsePrivateKey(bytes(secret, "tls.key"), "tls.key"), List.of(leaf), "secret");
    assertThat(pair.privateKey()).isInstanceOf(ECKey.class);
    assertThat(Certificates.dnsNames(leaf))
        .containsExactlyInAnyOrder("api.shop.svc", "api.shop.svc.cluster.local");
    assertThat(Certificates.ipAddresses(leaf)).containsExactly("10.0.0.7");
    assertThat(Certificates.uris(leaf)).containsExactly("spiffe://holdfast/shop/api");
    assertThat(Certificates.subject(leaf)).isEqualTo("CN=api.shop.svc");
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    verifiesAgainst(leaf, ca);

    ManagedCertificateStatus status = seen.getStatus();
    assertThat(status.serial()).isEqualTo(leaf.getSerialNumber().toString(16));
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    assertThat(status.notAfter()).isEqualTo(KubeTimes.format(notAfter));
    assertThat(Duration.between(clock.instant(), notAfter)).isEqualTo(Duration.ofHours(24));
    Instant renewal = Instant.parse(status.renewalTime());
    // two thirds of the lifetime, brought forward by up to a tenth of that by jitter
    Instant nominal =
        notBefore.plus(Duration.between(notBefore, notAfter).multipliedBy(2).dividedBy(3));
    assertThat(renewal)
        .isBetween(
            nominal.minus(Duration.between(notBefore, nominal).dividedBy(10)).minusSeconds(1),
            nominal);
    assertThat(secret.getMetadata().getAnnotations())
        .containsEntry(TlsSecrets.RENEWAL_TIME, status.renewalTime());
    assertThat(status.rolledWorkloads()).isNull();
    assertThat(events("api")).filteredOn(e -> e.getReason().equals("Issued")).hasSize(1);

    // the CA lives in the operator's namespace, its key encrypted at rest
    Secret caSecret = cluster.client().secrets().inNamespace(NS).withName("holdfast-ca").get();
    assertThat(new String(bytes(caSecret, "ca.key"), StandardCharsets.US_ASCII))
        .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
    assertThat(bytes(caSecret, "ca.crt")).isEqualTo(bytes(secret, "ca.crt"));

    // the expiry watcher sees the managed Secret, with the renewal time the status names
    double expiry = notAfter.getEpochSecond();
    double renewsAt = renewal.getEpochSecond();
    await(
        "the expiry gauge of shop/api-tls at " + notAfter,
        () -> gauge(CertificateMetrics.EXPIRY, "api-tls"),
        v -> v == expiry);
    await(
        "the renewal gauge of shop/api-tls at " + renewal,
        () -> gauge(CertificateMetrics.RENEWAL, "api-tls"),
        v -> v == renewsAt);
  }

  @Test
  void rsaKeysAndClientUsageAreIssuedAsAsked() throws Exception {
    create(
        "agent",
        new ManagedCertificateSpec(
            "agent-tls",
            "agent-1",
            null,
            null,
            List.of("spiffe://holdfast/agent/node-1"),
            List.of("client"),
            "rsa-3072",
            "2h",
            null,
            null));

    awaitRevision("agent", 1);

    Secret secret = secret("agent-tls");
    X509Certificate leaf = Pem.parseCertificates(bytes(secret, "tls.crt"), "tls.crt").get(0);
    assertThat(leaf.getPublicKey()).isInstanceOf(RSAKey.class);
    assertThat(((RSAKey) leaf.getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
    assertThat(leaf.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    assertThat(Certificates.subject(leaf)).isEqualTo("CN=agent-1");
    assertThat(Duration.between(clock.instant(), leaf.getNotAfter().toInstant()))
        .isEqualTo(Duration.ofHours(2));
  }

  @Test
  void renewalPastItsTimeIssuesANewKeyAndRollsOnlyTheWorkloadsThatMountTheSecret()
      throws Exception {
    deployment("web", secretVolume("api-tls"));
    deployment("sidecar", projectedVolume("api-tls"));
    cluster
        .client()
        .apps()
        .statefulSets()
        .inNamespace(APP_NS)
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withTemplate(template(secretVolume("api-tls")))
                .endSpec()
                .build())
        .create();
    deployment("unrelated", secretVolume("other-tls"));
    create("api", spec("api-tls", List.of("api.shop.svc"), null, null, null, null));
    ManagedCertificate first = awaitRevision("api", 1);
    Secret before = secret("api-tls");
    assertThat(templateAnnotations("web")).doesNotContainKey(SecretRollout.REVISION_ANNOTATION);

    clock.advance(Duration.ofHours(16).plusMinutes(1));
    poke("api");
    ManagedCertificate renewed = awaitRevision("api", 2);

    Secret after = secret("api-tls");
    String serial = renewed.getStatus().serial();
    assertThat(serial).isNotEqualTo(first.getStatus().serial());
    assertThat(bytes(after, "tls.key")).isNotEqualTo(bytes(before, "tls.key"));
    X509Certificate leaf = Pem.parseCertificates(bytes(after, "tls.crt"), "tls.crt").get(0);
    assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(serial);
    assertThat(leaf.getNotBefore().toInstant())
        .isAfter(clock.instant().minus(Duration.ofMinutes(6)));
    assertThat(templateAnnotations("web")).containsEntry(SecretRollout.REVISION_ANNOTATION, serial);
    assertThat(templateAnnotations("sidecar"))
        .containsEntry(SecretRollout.REVISION_ANNOTATION, serial);
    assertThat(
            cluster
                .client()
                .apps()
                .statefulSets()
                .inNamespace(APP_NS)
                .withName("db")
                .get()
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations())
        .containsEntry(SecretRollout.REVISION_ANNOTATION, serial);
    assertThat(templateAnnotations("unrelated"))
        .doesNotContainKey(SecretRollout.REVISION_ANNOTATION);
    assertThat(renewed.getStatus().rolledWorkloads())
        .containsExactlyInAnyOrder("Deployment/web", "Deployment/sidecar", "StatefulSet/db");
    assertThat(renewed.getStatus().lastRolloutTime()).isEqualTo(KubeTimes.format(clock.instant()));
    assertThat(events("api")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RolledOut"));
  }

  @Test
  void theRotateNowAnnotationReissuesOncePerValueAndRolloutFalseLeavesWorkloadsAlone() {
    deployment("web", secretVolume("api-tls"));
    ManagedCertificateSpec spec =
        new ManagedCertificateSpec(
            "api-tls", null, List.of("api.shop.svc"), null, null, null, null, null, null, false);
    create("api", spec);
    String first = awaitRevision("api", 1).getStatus().serial();

    annotate("api", ManagedCertificateReconciler.ROTATE_NOW, "incident-42");
    ManagedCertificate rotated = awaitRevision("api", 2);
    poke("api");
    awaitObserved("api", c -> c.getMetadata().getAnnotations().containsKey("test/poke"));
    annotate("api", ManagedCertificateReconciler.ROTATE_NOW, "incident-43");
    ManagedCertificate again =
        awaitObserved(
            "api",
            c ->
                c.getStatus() != null
                    && "incident-43".equals(c.getStatus().lastRotateNow())
                    && c.getStatus().serial().equals(secretSerial("api-tls")));

    assertThat(rotated.getStatus().serial()).isNotEqualTo(first);
    assertThat(again.getStatus().serial()).isNotEqualTo(rotated.getStatus().serial());
    assertThat(again.getStatus().revision()).isEqualTo(3);
    assertThat(templateAnnotations("web")).doesNotContainKey(SecretRollout.REVISION_ANNOTATION);
    assertThat(again.getStatus().rolledWorkloads()).isNull();
  }

  @Test
  void aSecretDeletedByHandIsIssuedAgain() {
    create("api", spec("api-tls", List.of("api.shop.svc"), null, null, null, null));
    String first = awaitRevision("api", 1).getStatus().serial();

    cluster.client().secrets().inNamespace(APP_NS).withName("api-tls").delete();
    ManagedCertificate again = awaitRevision("api", 2);

    assertThat(again.getStatus().serial()).isNotEqualTo(first);
    X509Certificate leaf =
        Pem.parseCertificates(bytes(secret("api-tls"), "tls.crt"), "tls.crt").get(0);
    assertThat(leaf.getSerialNumber().toString(16)).isEqualTo(again.getStatus().serial());
  }

  @Test
  void badSpecsAreRefusedWithAClearMessageAndNoSecret() {
    create("nameless", spec("nameless-tls", null, null, null, null, null));
    create("bad-ip", spec("bad-ip-tls", null, List.of("10.0.0.300"), null, null, null));
    create(
        "bad-usage",
        spec("bad-usage-tls", List.of("a.shop.svc"), null, null, List.of("signing"), null));
    create(
        "early",
        new ManagedCertificateSpec(
            "early-tls", null, List.of("a.shop.svc"), null, null, null, null, "1h", "2h", null));

    assertThat(awaitNotReady("nameless").getMessage())
        .isEqualTo(
            "certificate for 'nameless' names no DNS name, IP address or URI; peers check those,"
                + " not the CN");
    assertThat(awaitNotReady("bad-ip").getMessage()).isEqualTo("not an IP address: '10.0.0.300'");
    assertThat(awaitNotReady("bad-usage").getMessage())
        .isEqualTo("unknown certificate usage 'signing' (use server, client or both)");
    assertThat(awaitNotReady("early").getMessage())
        .isEqualTo("spec.renewBefore (2h) must be shorter than spec.duration (1h)");
    assertThat(cluster.client().secrets().inNamespace(APP_NS).list().getItems()).isEmpty();
    assertThat(events("bad-ip"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("InvalidRequestException");
            });
  }

  @Test
  void aSecretSomeoneElseOwnsIsNotOverwritten() {
    cluster
        .client()
        .secrets()
        .inNamespace(APP_NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("api-tls")
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData("tls.crt", Base64.getEncoder().encodeToString(THEIRS))
                .addToData("tls.key", Base64.getEncoder().encodeToString(THEIRS))
                .build())
        .create();

    create("api", spec("api-tls", List.of("api.shop.svc"), null, null, null, null));

    assertThat(awaitNotReady("api").getMessage())
        .isEqualTo(
            "Secret shop/api-tls exists and is not this certificate's (its label"
                + " holdfast.dev/managed-certificate is absent); delete it or choose another"
                + " secretName");
    assertThat(bytes(secret("api-tls"), "tls.crt")).isEqualTo(THEIRS);
    assertThat(secret("api-tls").getMetadata().getLabels()).isNullOrEmpty();
  }

  @Test
  void withoutThePassphraseSecretNoCaIsMadeAndTheCauseIsNamed() {
    cluster.client().secrets().inNamespace(NS).withName("holdfast-ca-passphrase").delete();

    create("api", spec("api-tls", List.of("api.shop.svc"), null, null, null, null));

    Condition ready = awaitNotReady("api");
    assertThat(ready.getReason()).isEqualTo("UsageError");
    assertThat(ready.getMessage())
        .startsWith(
            "Secret holdfast/holdfast-ca-passphrase does not exist; it holds the passphrase")
        .contains("holdfast/holdfast-ca");
    assertThat(cluster.client().secrets().inNamespace(NS).withName("holdfast-ca").get()).isNull();
  }

  private static ManagedCertificateSpec spec(
      String secretName,
      List<String> dns,
      List<String> ips,
      List<String> uris,
      List<String> usages,
      String duration) {
    return new ManagedCertificateSpec(
        secretName, null, dns, ips, uris, usages, null, duration, null, null);
  }

  private void create(String name, ManagedCertificateSpec spec) {
    ManagedCertificate resource = new ManagedCertificate();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(APP_NS);
    resource.setSpec(spec);
    certificates().resource(resource).create();
  }

  private MixedOperation<
          ManagedCertificate,
          KubernetesResourceList<ManagedCertificate>,
          Resource<ManagedCertificate>>
      certificates() {
    return cluster.client().resources(ManagedCertificate.class);
  }

  private ManagedCertificate get(String name) {
    return certificates().inNamespace(APP_NS).withName(name).get();
  }

  private ManagedCertificate awaitRevision(String name, int revision) {
    return awaitObserved(
        name,
        c ->
            c.getStatus() != null
                && c.getStatus().revision() != null
                && c.getStatus().revision() >= revision
                && Conditions.isTrue(c.getStatus().conditions(), Conditions.READY)
                && secretSerial(c.getSpec().secretName()).equals(c.getStatus().serial()));
  }

  private ManagedCertificate awaitObserved(String name, Predicate<ManagedCertificate> done) {
    return await("ManagedCertificate " + name, () -> get(name), done);
  }

  private Condition awaitNotReady(String name) {
    ManagedCertificate seen =
        awaitObserved(
            name,
            c ->
                c.getStatus() != null
                    && Conditions.find(c.getStatus().conditions(), Conditions.READY)
                        .map(r -> r.getStatus().equals("False"))
                        .orElse(false));
    return Conditions.find(seen.getStatus().conditions(), Conditions.READY).orElseThrow();
  }

  private String secretSerial(String secretName) {
    Secret secret = cluster.client().secrets().inNamespace(APP_NS).withName(secretName).get();
    if (secret == null) {
      return "";
    }
    return Pem.parseCertificates(bytes(secret, "tls.crt"), "tls.crt")
        .get(0)
        .getSerialNumber()
        .toString(16);
  }

  private void poke(String name) {
    annotate(name, "test/poke", Long.toString(System.nanoTime()));
  }

  private void annotate(String name, String key, String value) {
    certificates().inNamespace(APP_NS).withName(name).edit(Annotate.with(key, value));
  }

  private Secret secret(String name) {
    return cluster.client().secrets().inNamespace(APP_NS).withName(name).require();
  }

  private static byte[] bytes(Secret secret, String key) {
    return Base64.getDecoder().decode(secret.getData().get(key));
  }

  private void verifiesAgainst(X509Certificate leaf, X509Certificate ca) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
  }

  private static Volume secretVolume(String secretName) {
    return new VolumeBuilder()
        .withName("tls")
        .withNewSecret()
        .withSecretName(secretName)
        .endSecret()
        .build();
  }

  private static Volume projectedVolume(String secretName) {
    return new VolumeBuilder()
        .withName("bundle")
        .withNewProjected()
        .addNewSource()
        .withNewConfigMap()
        .withName("settings")
        .endConfigMap()
        .endSource()
        .addNewSource()
        .withNewSecret()
        .withName(secretName)
        .endSecret()
        .endSource()
        .endProjected()
        .build();
  }

  private static PodTemplateSpec template(Volume volume) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .addToLabels("app", "shop")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("main")
        .withImage("shop:1")
        .endContainer()
        .withVolumes(volume)
        .endSpec()
        .build();
  }

  private void deployment(String name, Volume volume) {
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(APP_NS)
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withTemplate(template(volume))
                .endSpec()
                .build())
        .create();
  }

  private Map<String, String> templateAnnotations(String deployment) {
    Deployment d =
        cluster.client().apps().deployments().inNamespace(APP_NS).withName(deployment).get();
    Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private List<Event> events(String name) {
    return cluster.client().v1().events().inNamespace(APP_NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private Double gauge(String name, String secret) {
    return Gauges.value(operator.metrics().registry(), name, Map.of("secret", secret));
  }
}
