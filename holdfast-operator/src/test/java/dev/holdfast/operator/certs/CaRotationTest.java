package dev.holdfast.operator.certs;

import static dev.holdfast.operator.testing.KubeTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.api.ManagedCertificate;
import dev.holdfast.operator.api.ManagedCertificateSpec;
import dev.holdfast.operator.certs.TlsHandshake.Peer;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.metrics.OperatorMetrics;
import dev.holdfast.operator.testing.Annotate;
import dev.holdfast.operator.testing.Gauges;
import dev.holdfast.operator.testing.KubeTestCluster;
import dev.holdfast.s3.testing.SettableClock;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.Pem;
import dev.holdfast.tls.material.ScryptCost;
import dev.holdfast.tls.renewal.RenewalCheck;
import dev.holdfast.tls.trust.PeerIdentity;
import dev.holdfast.tls.trust.PeerRole;
import dev.holdfast.tls.trust.PeerVerifier;
import dev.holdfast.tls.trust.RefusedCertificateException;
import dev.holdfast.tls.trust.TrustMaterial;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The staged rotation of the cluster CA against the mock API server, with a settable clock and the
 * steps taken by calling {@link CaRotation} (the operator's own driver looks only once a day here).
 * Trust is proven with real handshakes and path validation, not by comparing bytes.
 */
class CaRotationTest {
  private static final String NS = "holdfast";
  private static final String APP_NS = "shop";
  private static final ScryptCost CHEAP = new ScryptCost(10, 8, 1);
  private static final String PASSPHRASE = "ca passphrase";

  private final SettableClock clock = new SettableClock(Instant.parse("2026-03-01T09:00:00Z"));
  private KubeTestCluster cluster;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    cluster = KubeTestCluster.start();
    cluster.namespace(NS);
    cluster.namespace(APP_NS);
    cluster.secret(NS, "holdfast-ca-passphrase", Map.of("passphrase", PASSPHRASE + "\n"));
    client = cluster.client();
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private CertificateSettings settings() {
    return CertificateSettings.defaults()
        .withCaNamespace(NS)
        .withKeyCost(CHEAP)
        .withCaRotation(CaRotationSettings.defaults().withCheckInterval(Duration.ofDays(1)));
  }

  @Test
  void aCaSecretOfEarlierVersionsRotatesInStagesAndEveryHandshakeSucceedsAtEachPhase()
      throws Exception {
    CertificateAuthority first = legacyCa();
    cluster.startOperator(
        OperatorSettings.defaults().withClock(clock).withCertificates(settings()));
    deployment("web", "server-tls");
    create("server", "server-tls", List.of("server"), List.of("api.shop.svc"), null);
    create("client", "client-tls", List.of("client"), null, List.of("spiffe://holdfast/shop/c"));
    X509Certificate ca1 = first.certificate();
    Peer server1 = Peer.of(awaitSecret("server-tls", trusting(List.of(ca1), ca1)));
    Peer client1 = Peer.of(awaitSecret("client-tls", trusting(List.of(ca1), ca1)));
    handshakeSucceeds(server1, client1);

    CaRotation rotation = rotation(client);
    assertThat(brief(rotation.check())).isEqualTo("STABLE 1/0");
    assertThat(caSecret().getData()).containsOnlyKeys("ca.crt", "ca.key");

    // INTRODUCING: the new CA joins every bundle; the old one still signs
    annotateCa(CaRotation.ROTATE, "yearly");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");
    Secret ca = caSecret();
    assertThat(ca.getData())
        .containsOnlyKeys("ca.crt", "rotation", "ca-1.crt", "ca-1.key", "ca-2.crt", "ca-2.key");
    assertThat(certificate(ca, "ca-1.crt")).isEqualTo(ca1);
    X509Certificate ca2 = certificate(ca, "ca-2.crt");
    assertThat(ca2.getSubjectX500Principal().getName()).isEqualTo("CN=Holdfast cluster CA 2");
    assertThat(TlsSecrets.certificates(ca, "ca.crt")).containsExactly(ca1, ca2);
    Peer server2 = Peer.of(awaitSecret("server-tls", trusting(List.of(ca1, ca2), ca1)));
    Peer client2 = Peer.of(awaitSecret("client-tls", trusting(List.of(ca1, ca2), ca1)));
    assertThat(server2.leaf().serial()).isEqualTo(server1.leaf().serial());
    await(
        "Deployment web rolled for the bundle of both CAs",
        () -> templateAnnotations("web"),
        a -> bundleId(ca1, ca2).equals(a.get(SecretRollout.TRUST_ANNOTATION)));
    handshakeSucceeds(server2, client1);
    handshakeSucceeds(server1, client2);

    // REISSUING: only after the propagation delay; then the new CA signs and leaves move over
    clock.advance(Duration.ofMinutes(9));
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    Peer server3 = Peer.of(awaitSecret("server-tls", trusting(List.of(ca2, ca1), ca2)));
    Peer client3 = Peer.of(awaitSecret("client-tls", trusting(List.of(ca2, ca1), ca2)));
    for (Peer server : List.of(server2, server3)) {
      for (Peer client : List.of(client2, client3)) {
        handshakeSucceeds(server, client);
      }
    }
    // what the wait and the rollout of INTRODUCING are for: a peer that never loaded the bundle of
    // both CAs refuses the new CA's leaves
    assertThat(TlsHandshake.between(server3, client1, clock))
        .hasValueSatisfying(m -> assertThat(m).contains("which is not a trusted CA"));
    await(
        "Deployment web rolled for the re-issued leaf",
        () -> templateAnnotations("web"),
        a -> server3.leaf().serial().toString().equals(a.get(SecretRollout.REVISION_ANNOTATION)));

    // RETIRING waits until the last leaf of the old CA has expired, though every Secret is new
    Instant lastOldLeaf =
        List.of(server1, client1).stream()
            .map(p -> p.leaf().certificate().getNotAfter().toInstant())
            .max(Instant::compareTo)
            .orElseThrow();
    assertThat(TlsSecrets.annotation(caSecret(), CaRotation.LEAVES_UNTIL))
        .isEqualTo(KubeTimes.format(lastOldLeaf));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    clock.advance(Duration.between(clock.instant(), lastOldLeaf).minusMinutes(1));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    clock.advance(Duration.ofMinutes(2));
    assertThat(brief(rotation.check())).isEqualTo("RETIRING 2/1");
    ca = caSecret();
    assertThat(ca.getData())
        .containsOnlyKeys("ca.crt", "rotation", "ca-1.crt", "ca-2.crt", "ca-2.key");
    assertThat(TlsSecrets.certificates(ca, "ca.crt")).containsExactly(ca2);
    Peer server4 = Peer.of(awaitSecret("server-tls", trusting(List.of(ca2), ca2)));
    Peer client4 = Peer.of(awaitSecret("client-tls", trusting(List.of(ca2), ca2)));
    await(
        "Deployment web rolled again, for the bundle without the old CA",
        () -> templateAnnotations("web"),
        a -> bundleId(ca2).equals(a.get(SecretRollout.TRUST_ANNOTATION)));
    handshakeSucceeds(server4, client4);
    handshakeSucceeds(server4, client3);
    handshakeSucceeds(server3, client4);

    // STABLE after another propagation delay: only the new CA is left
    clock.advance(Duration.ofMinutes(9));
    assertThat(brief(rotation.check())).isEqualTo("RETIRING 2/1");
    clock.advance(Duration.ofMinutes(1));
    assertThat(brief(rotation.check())).isEqualTo("STABLE 2/0");
    ca = caSecret();
    assertThat(ca.getData()).containsOnlyKeys("ca.crt", "rotation", "ca-2.crt", "ca-2.key");
    assertThat(TlsSecrets.certificates(ca, "ca.crt")).containsExactly(ca2);
    assertThat(ca.getMetadata().getAnnotations()).doesNotContainKey(CaRotation.LEAVES_UNTIL);
    handshakeSucceeds(
        Peer.of(awaitSecret("server-tls", trusting(List.of(ca2), ca2))),
        Peer.of(awaitSecret("client-tls", trusting(List.of(ca2), ca2))));
    await(
        "ManagedCertificate server's status naming the bundle its workloads were rolled for",
        () ->
            client.resources(ManagedCertificate.class).inNamespace(APP_NS).withName("server").get(),
        c -> c.getStatus() != null && bundleId(ca2).equals(c.getStatus().trustBundle()));
    assertThat(caEvents())
        .extracting(Event::getReason)
        .containsExactly(
            "CaRotationStarted", "CaRotationAdvanced", "CaRotationAdvanced", "CaRotationFinished");
    assertThat(caEvents().get(0).getMessage())
        .startsWith("CA rotation began because it was requested (holdfast.dev/rotate-ca=yearly)")
        .doesNotContain("PRIVATE KEY");

    // a new rotation needs nothing from the old CA: the operator opens generation 2 alone
    ClusterAuthority reopened =
        new ClusterAuthority(cluster.newClient(), settings(), clock, new SecureRandom());
    assertThat(reopened.authority().certificate()).isEqualTo(ca2);
  }

  @Test
  void aRotationBeginsByItselfOnceTheCaPassesTheConfiguredPointOfItsLife() {
    ClusterAuthority authority = authority(client);
    X509Certificate ca1 = authority.authority().certificate();
    OperatorMetrics metrics = new OperatorMetrics();
    Instant point =
        ca1.getNotBefore()
            .toInstant()
            .plus(
                Duration.between(ca1.getNotBefore().toInstant(), ca1.getNotAfter().toInstant())
                    .multipliedBy(2)
                    .dividedBy(3));
    try (CaRotationDriver driver =
        CaRotationDriver.start(
            client,
            Set.of(),
            settings(),
            authority,
            clock,
            new EventRecorder(client, clock),
            metrics)) {
      clock.advance(Duration.between(clock.instant(), point).minusMinutes(1));
      driver.check();
      assertThat(brief(Optional.of(rotationState()))).isEqualTo("STABLE 1/0");
      assertThat(phaseGauge(metrics, "stable")).isEqualTo(1.0);
      assertThat(phaseGauge(metrics, "introducing")).isEqualTo(0.0);
      assertThat(Gauges.value(metrics.registry(), CaRotationMetrics.GENERATION, Map.of()))
          .isEqualTo(1.0);
      assertThat(caEvents()).isEmpty();

      clock.advance(Duration.ofMinutes(2));
      driver.check();
      assertThat(brief(Optional.of(rotationState()))).isEqualTo("INTRODUCING 2/1");
      assertThat(phaseGauge(metrics, "introducing")).isEqualTo(1.0);
      assertThat(phaseGauge(metrics, "stable")).isEqualTo(0.0);
      assertThat(Gauges.value(metrics.registry(), CaRotationMetrics.GENERATION, Map.of()))
          .isEqualTo(2.0);
      assertThat(caEvents())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getReason()).isEqualTo("CaRotationStarted");
                assertThat(e.getMessage())
                    .contains("CA generation 1 passed the rotation point (at 67% of the lifetime");
              });
    }
    assertThat(Gauges.points(metrics.registry(), CaRotationMetrics.PHASE))
        .as("a replica that stops leading exports no rotation gauge")
        .isEmpty();
  }

  @Test
  void eachNewValueOfTheRotateAnnotationBeginsOneRotation() {
    CaRotation rotation = rotation(client);
    authority(client).authority();
    annotateCa(CaRotation.ROTATE, "1");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");
    X509Certificate ca2 = certificate(caSecret(), "ca-2.crt");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");

    annotateCa(CaRotation.ROTATE, "2");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");
    assertThat(certificate(caSecret(), "ca-2.crt")).isEqualTo(ca2);
    assertThat(caSecret().getMetadata().getAnnotations())
        .containsEntry(CaRotation.ROTATED_FOR, "2");
    assertThat(caEvents())
        .extracting(Event::getReason)
        .containsExactly("CaRotationStarted", "CaRotationUnderWay");

    // no leaf anywhere: each step waits only for the propagation delay
    clock.advance(Duration.ofMinutes(10));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    assertThat(brief(rotation.check())).isEqualTo("RETIRING 2/1");
    clock.advance(Duration.ofMinutes(10));
    assertThat(brief(rotation.check())).isEqualTo("STABLE 2/0");
    assertThat(brief(rotation.check())).isEqualTo("STABLE 2/0");

    annotateCa(CaRotation.ROTATE, "3");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 3/2");
    assertThat(TlsSecrets.certificates(caSecret(), "ca.crt"))
        .containsExactly(ca2, certificate(caSecret(), "ca-3.crt"));
  }

  @Test
  void theEmergencyFormTakesEachStepAtOnceAndCutsOffTheOldCa() throws Exception {
    ClusterAuthority authority = authority(client);
    CaRotation rotation = rotation(client);
    CertifiedKey oldLeaf = authority.authority().issue(leafRequest("api.shop.svc"));
    managedSecret("api-tls", oldLeaf);
    PeerVerifier stableTrust = verifier(caSecret());
    stableTrust.verify(List.of(oldLeaf.certificate()), PeerRole.SERVER, "api.shop.svc");

    annotateCa(CaRotation.FORCE_STEP, "incident-7 1");
    assertThat(brief(rotation.check())).isEqualTo("INTRODUCING 2/1");
    annotateCa(CaRotation.FORCE_STEP, "incident-7 2");
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    CertifiedKey newLeaf = authority.authority().issue(leafRequest("api.shop.svc"));
    X509Certificate ca2 = certificate(caSecret(), "ca-2.crt");
    assertThat(RenewalCheck.signedBy(newLeaf.certificate(), ca2)).isTrue();

    // the old CA's leaf is still valid and in a Secret: only force retires its CA now
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    annotateCa(CaRotation.FORCE_STEP, "incident-7 3");
    assertThat(brief(rotation.check())).isEqualTo("RETIRING 2/1");
    assertThat(caSecret().getData()).doesNotContainKeys("ca-1.key", "ca.key");
    PeerVerifier retiringTrust = verifier(caSecret());
    assertThatThrownBy(
            () -> retiringTrust.verify(List.of(oldLeaf.certificate()), PeerRole.SERVER, null))
        .isInstanceOf(RefusedCertificateException.class)
        .hasMessageContaining("which is not a trusted CA");
    retiringTrust.verify(List.of(newLeaf.certificate()), PeerRole.SERVER, "api.shop.svc");
    assertThatThrownBy(
            () -> stableTrust.verify(List.of(newLeaf.certificate()), PeerRole.SERVER, null))
        .as("a peer that never loaded the new CA refuses its leaves: the price of forcing")
        .isInstanceOf(RefusedCertificateException.class);

    annotateCa(CaRotation.FORCE_STEP, "incident-7 4");
    assertThat(brief(rotation.check())).isEqualTo("STABLE 2/0");
    assertThat(brief(rotation.check())).isEqualTo("STABLE 2/0");
    assertThat(caSecret().getData()).containsOnlyKeys("ca.crt", "rotation", "ca-2.crt", "ca-2.key");
    assertThat(caEvents())
        .hasSize(4)
        .allSatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("CaRotationForced");
              assertThat(e.getMessage())
                  .startsWith("step forced (holdfast.dev/force-ca-step=incident-7 ");
            });
  }

  @Test
  void retiringWaitsWhileAManagedSecretHoldsAValidLeafOfTheOldCa() {
    ClusterAuthority authority = authority(client);
    CaRotation rotation = rotation(client);
    CertificateAuthority ca1 = authority.authority();
    annotateCa(CaRotation.ROTATE, "now");
    rotation.check();
    clock.advance(Duration.ofMinutes(10));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");
    // a leaf of the old CA written as the step was taken (a reconciliation that had read the CA
    // just before): the Secrets are the record, so it holds the old CA back
    managedSecret("late-tls", ca1.issue(leafRequest("late.shop.svc")));
    clock.advance(Duration.ofHours(1));
    assertThat(brief(rotation.check())).isEqualTo("REISSUING 2/1");

    managedSecret("late-tls", authority.authority().issue(leafRequest("late.shop.svc")));
    assertThat(brief(rotation.check())).isEqualTo("RETIRING 2/1");
  }

  @Test
  void twoReplicasTakingTheSameStepDoNotForkTheCa() {
    authority(client).authority();
    CaRotation one = rotation(cluster.newClient());
    CaRotation other = rotation(cluster.newClient());
    annotateCa(CaRotation.ROTATE, "1");
    Secret read = caSecret();

    assertThat(one.check(read).phase()).isEqualTo(RotationPhase.INTRODUCING);
    Secret after = caSecret();
    assertThatThrownBy(() -> other.check(read))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(caSecret().getMetadata().getResourceVersion())
        .isEqualTo(after.getMetadata().getResourceVersion());
    assertThat(brief(other.check())).isEqualTo("INTRODUCING 2/1");
    assertThat(caSecret().getData()).isEqualTo(after.getData());

    clock.advance(Duration.ofMinutes(10));
    Secret introducing = caSecret();
    assertThat(other.check(introducing).phase()).isEqualTo(RotationPhase.REISSUING);
    assertThatThrownBy(() -> one.check(introducing)).isInstanceOf(KubernetesClientException.class);
    assertThat(brief(one.check())).isEqualTo("RETIRING 2/1");
    assertThat(caEvents())
        .extracting(Event::getReason)
        .containsExactly("CaRotationStarted", "CaRotationAdvanced", "CaRotationAdvanced");
  }

  // ---- fixtures

  /** The CA Secret as operators before staged rotation wrote it: ca.crt and ca.key only. */
  private CertificateAuthority legacyCa() {
    CertificateAuthority ca =
        CertificateAuthority.create(
            "Holdfast cluster CA",
            KeyAlgorithm.ECDSA_P256,
            Duration.ofDays(365),
            clock,
            new SecureRandom());
    KeyProtection protection =
        KeyProtection.withPassphrase(PASSPHRASE.toCharArray()).withCost(CHEAP);
    byte[] key = ca.encryptedKey(protection);
    protection.destroy();
    client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("holdfast-ca")
                .addToLabels("app.kubernetes.io/managed-by", "holdfast")
                .endMetadata()
                .withType("Opaque")
                .addToData("ca.crt", base64(Pem.encodeCertificates(List.of(ca.certificate()))))
                .addToData("ca.key", base64(key))
                .build())
        .create();
    return ca;
  }

  private ClusterAuthority authority(KubernetesClient own) {
    return new ClusterAuthority(own, settings(), clock, new SecureRandom());
  }

  private CaRotation rotation(KubernetesClient own) {
    return new CaRotation(
        authority(own),
        settings().caRotation(),
        new LeavesOfCa(own, Set.of()),
        new EventRecorder(own, clock),
        clock);
  }

  /** "REISSUING 2/1": the phase and generations, without the time the phase began. */
  private static String brief(Optional<RotationState> state) {
    RotationState s = state.orElseThrow();
    return s.phase() + " " + s.current() + "/" + s.previous();
  }

  private RotationState rotationState() {
    return CaSecretContent.of(caSecret(), "test").state();
  }

  private Secret caSecret() {
    return client.secrets().inNamespace(NS).withName("holdfast-ca").require();
  }

  private void annotateCa(String key, String value) {
    client.secrets().inNamespace(NS).withName("holdfast-ca").edit(Annotate.with(key, value));
  }

  private List<Event> caEvents() {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> "holdfast-ca".equals(e.getInvolvedObject().getName()))
        // named after the clock's millis and a counter: in the order they were recorded here
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .toList();
  }

  private static X509Certificate certificate(Secret secret, String key) {
    return TlsSecrets.certificates(secret, key).get(0);
  }

  private static LeafRequest leafRequest(String dnsName) {
    return new LeafRequest(
        dnsName,
        List.of(dnsName),
        List.of(),
        List.of(),
        Usage.BOTH,
        LeafRequest.DEFAULT_LIFETIME,
        KeyAlgorithm.ECDSA_P256);
  }

  /** A Secret as a ManagedCertificate writes it, holding {@code leaf}. */
  private void managedSecret(String name, CertifiedKey leaf) {
    Secret existing = client.secrets().inNamespace(APP_NS).withName(name).get();
    Secret secret =
        TlsSecrets.withMaterial(
            existing,
            APP_NS,
            name,
            name,
            new TlsSecrets.Issuance(1, "uid/1", null),
            leaf,
            TlsSecrets.value(caSecret(), "ca.crt").orElseThrow(),
            clock.instant().plus(Duration.ofHours(16)));
    if (existing == null) {
      client.secrets().inNamespace(APP_NS).resource(secret).create();
    } else {
      client.secrets().inNamespace(APP_NS).resource(secret).update();
    }
  }

  private PeerVerifier verifier(Secret caSecret) {
    return new PeerVerifier(
        TrustMaterial.of(TlsSecrets.certificates(caSecret, "ca.crt"), List.of(), "ca.crt"),
        PeerIdentity.any(),
        clock);
  }

  private void handshakeSucceeds(Peer server, Peer client) throws Exception {
    assertThat(TlsHandshake.between(server, client, clock))
        .as(
            "a handshake of server serial %s with client serial %s",
            server.leaf().serial(), client.leaf().serial())
        .isEmpty();
  }

  private void create(
      String name, String secretName, List<String> usages, List<String> dns, List<String> uris) {
    ManagedCertificate resource = new ManagedCertificate();
    resource.getMetadata().setName(name);
    resource.getMetadata().setNamespace(APP_NS);
    resource.setSpec(
        new ManagedCertificateSpec(
            secretName, null, dns, null, uris, usages, null, null, null, null));
    client.resources(ManagedCertificate.class).resource(resource).create();
  }

  /** A Secret whose trust bundle is {@code bundle} and whose leaf {@code signer} signed. */
  private static Predicate<Secret> trusting(List<X509Certificate> bundle, X509Certificate signer) {
    return s -> {
      try {
        return TlsSecrets.certificates(s, "ca.crt").equals(bundle)
            && RenewalCheck.signedBy(TlsSecrets.certificates(s).get(0), signer);
      } catch (RuntimeException e) {
        return false;
      }
    };
  }

  private Secret awaitSecret(String name, Predicate<Secret> done) {
    return await(
        "Secret " + APP_NS + "/" + name,
        () -> client.secrets().inNamespace(APP_NS).withName(name).get(),
        done);
  }

  private void deployment(String name, String secretName) {
    client
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
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("shop:1")
                .endContainer()
                .addNewVolume()
                .withName("tls")
                .withNewSecret()
                .withSecretName(secretName)
                .endSecret()
                .endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  private Map<String, String> templateAnnotations(String name) {
    Deployment d = client.apps().deployments().inNamespace(APP_NS).withName(name).get();
    Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? Map.of() : annotations;
  }

  private static String bundleId(X509Certificate... cas) {
    return List.of(cas).stream()
        .map(c -> c.getSerialNumber().toString(16))
        .sorted()
        .collect(Collectors.joining(","));
  }

  private static Double phaseGauge(OperatorMetrics metrics, String phase) {
    return Gauges.value(metrics.registry(), CaRotationMetrics.PHASE, Map.of("phase", phase));
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
