package dev.holdfast.operator.certs;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.ManagedCertificate;
import dev.holdfast.operator.api.ManagedCertificateStatus;
import dev.holdfast.operator.certs.TlsSecrets.Issuance;
import dev.holdfast.operator.kube.Conditions;
import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.operator.kube.StatusUpdates;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.renewal.RenewalCheck;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Issues a ManagedCertificate's leaf from Holdfast's CA into its {@code kubernetes.io/tls} Secret
 * and keeps it fresh: a new key and certificate when there is none, when the Secret was deleted or
 * damaged, when the spec changed, when the CA changed, at the renewal time ({@code renewBefore}, or
 * two thirds of the lifetime, with jitter), and at once when the annotation {@value #ROTATE_NOW}
 * gets a new value (the in-cluster {@code holdfast tls rotate --now}). After a certificate replaced
 * another, the workloads mounting the Secret are rolled ({@link SecretRollout}) unless {@code
 * spec.rollout} is false. The steps are ordered so that a crash anywhere is finished by the next
 * reconciliation: the Secret is written first, then the workloads are rolled, and only then does
 * the status name the new serial; a status that names another serial than the Secret's means a
 * rollout is still owed.
 *
 * <p>During a rotation of the cluster CA ({@link CaRotation}) the Secret's {@code ca.crt} follows
 * the CA Secret's trust bundle: when the set of trusted CAs changes the Secret's bundle is
 * rewritten and its workloads are rolled, so that peers that read {@code ca.crt} only at start
 * trust the new CA before anything it signs is presented to them; the status records which bundle
 * the rollout was for. The CA Secret is watched, so each rotation step reaches every
 * ManagedCertificate at once.
 */
@ControllerConfiguration(name = "managedcertificate", generationAwareEventProcessing = false)
public final class ManagedCertificateReconciler implements Reconciler<ManagedCertificate> {
  /** The annotation whose every new value re-issues the certificate at once. */
  public static final String ROTATE_NOW = "holdfast.dev/rotate-now";

  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
  // never sooner: a certificate cut short by an expiring CA must not be re-issued in a tight loop
  private static final Duration SOONEST = Duration.ofSeconds(10);

  private final KubernetesClient client;
  private final ClusterAuthority authority;
  private final SecretRollout rollout;
  private final EventRecorder events;
  private final Clock clock;

  /** Issues from {@code authority} and writes Secrets with {@code client}. */
  public ManagedCertificateReconciler(
      KubernetesClient client, ClusterAuthority authority, EventRecorder events, Clock clock) {
    this.client = client;
    this.authority = authority;
    this.rollout = new SecretRollout(client);
    this.events = events;
    this.clock = clock;
  }

  /**
   * Watches the Secrets ManagedCertificates own, so that one deleted by hand is re-issued, and the
   * CA's Secret, whose every change (a rotation step) reconciles every ManagedCertificate.
   */
  @Override
  public List<EventSource<?, ManagedCertificate>> prepareEventSources(
      EventSourceContext<ManagedCertificate> context) {
    return List.of(
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, ManagedCertificate.class)
                .withName("cluster-ca")
                .withNamespaces(Set.of(authority.namespace()))
                .withFieldSelector(
                    new FieldSelector(
                        new FieldSelector.Field("metadata.name", authority.secretName())))
                .withSecondaryToPrimaryMapper(
                    secret ->
                        context
                            .getPrimaryCache()
                            .list()
                            .map(ResourceID::fromResource)
                            .collect(Collectors.toSet()))
                .build(),
            context),
        new InformerEventSource<>(
            InformerEventSourceConfiguration.from(Secret.class, ManagedCertificate.class)
                .withLabelSelector(TlsSecrets.MANAGED_BY)
                .withNamespacesInheritedFromController()
                .withSecondaryToPrimaryMapper(
                    secret ->
                        Set.of(
                            new ResourceID(
                                secret.getMetadata().getLabels().get(TlsSecrets.MANAGED_BY),
                                secret.getMetadata().getNamespace())))
                .build(),
            context));
  }

  @Override
  public UpdateControl<ManagedCertificate> reconcile(
      ManagedCertificate resource, Context<ManagedCertificate> context) {
    Instant now = clock.instant();
    ManagedCertificateStatus after;
    Duration next;
    try {
      Outcome outcome = keepFresh(resource, now);
      after = outcome.status();
      next = Duration.between(now, outcome.renewAt());
    } catch (HoldfastException | TlsException e) {
      after = failed(resource, e, now);
      next = RETRY_AFTER_FAILURE;
    }
    if (next.compareTo(SOONEST) < 0) {
      next = SOONEST;
    }
    return StatusUpdates.patchIfChanged(resource, after, next);
  }

  private Outcome keepFresh(ManagedCertificate resource, Instant now) {
    String namespace = resource.getMetadata().getNamespace();
    String owner = resource.getMetadata().getName();
    String secretName = resource.getSpec().secretName();
    String issuedFor = Issuance.issuedFor(resource.getMetadata().getUid(), generation(resource));
    String rotateNow = annotation(resource, ROTATE_NOW);
    WantedCertificate wanted = WantedCertificate.of(resource);
    CaSnapshot ca = authority.current();

    // The Secret, read from the API server (not a cache), decides: a status may lag behind it.
    Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
    requireOwned(secret, namespace, secretName, owner);
    Issuance issued = secret == null ? null : Issuance.of(secret);
    CertifiedKey current = null;
    String due;
    if (secret == null) {
      due = "Secret " + namespace + "/" + secretName + " does not exist";
    } else {
      try {
        current = TlsSecrets.certifiedKey(secret);
        due =
            dueReason(current, issued, issuedFor, rotateNow, wanted, ca.signing(), now)
                .orElse(null);
      } catch (TlsException e) {
        due = "its certificate cannot be used: " + e.getMessage();
      }
    }
    CertifiedKey inSecret = current;
    int revision = issued == null ? 0 : issued.revision();
    if (due != null) {
      // a Secret deleted by hand took its count along; the status still knows it
      ManagedCertificateStatus before = resource.getStatus();
      int known = before == null || before.revision() == null ? 0 : before.revision();
      Issuance next = new Issuance(Math.max(revision, known) + 1, issuedFor, rotateNow);
      inSecret = ca.signing().issue(wanted.request());
      Secret written =
          TlsSecrets.withMaterial(
              secret,
              namespace,
              secretName,
              owner,
              next,
              inSecret,
              ca.bundle(),
              wanted.policy().renewAt(inSecret.certificate()));
      if (secret == null) {
        client.secrets().inNamespace(namespace).resource(written).create();
      } else {
        client.secrets().inNamespace(namespace).resource(written).update();
      }
      revision = next.revision();
      events.normal(
          resource,
          "Issued",
          "issued "
              + Certificates.describe(inSecret.certificate())
              + " into Secret "
              + secretName
              + " because "
              + due);
    } else if (!Arrays.equals(
        TlsSecrets.value(secret, TlsSecrets.TRUST_BUNDLE).orElse(null), ca.bundle())) {
      // a CA rotation step: the leaf stays, the peers' trust changes
      client
          .secrets()
          .inNamespace(namespace)
          .resource(TlsSecrets.withTrustBundle(secret, ca.bundle()))
          .update();
      events.normal(
          resource,
          "TrustBundleUpdated",
          "Secret "
              + secretName
              + " "
              + TlsSecrets.TRUST_BUNDLE
              + " now trusts "
              + ca.trusted().stream()
                  .map(Certificates::describe)
                  .collect(Collectors.joining(", ")));
    }
    return new Outcome(
        status(resource, inSecret, revision, wanted, rotateNow, ca.bundleId(), now),
        wanted.policy().renewAt(inSecret.certificate()));
  }

  /** Why the certificate in the Secret must be replaced now, or empty while it is good. */
  private static Optional<String> dueReason(
      CertifiedKey current,
      Issuance issued,
      String issuedFor,
      String rotateNow,
      WantedCertificate wanted,
      CertificateAuthority ca,
      Instant now) {
    if (!issuedFor.equals(issued.issuedFor())) {
      return Optional.of("it was issued for another spec (" + issued.issuedFor() + ")");
    }
    if (rotateNow != null && !rotateNow.equals(issued.rotatedFor())) {
      return Optional.of("rotation was requested (" + ROTATE_NOW + "=" + rotateNow + ")");
    }
    return RenewalCheck.due(
        current.certificate(),
        wanted.request(),
        ca.certificate(),
        wanted.policy().renewAt(current.certificate()),
        wanted.policy(),
        now);
  }

  /**
   * The status after the certificate in the Secret is {@code inSecret}, its {@code revision}th,
   * with a trust bundle of the CAs {@code trustBundle} (their sorted serials): when it replaced the
   * one the status named, or the bundle trusts other CAs than the status names, the workloads are
   * rolled first (or again, if a crash stopped the last try; workloads rolled already are left as
   * they are).
   */
  private ManagedCertificateStatus status(
      ManagedCertificate resource,
      CertifiedKey inSecret,
      int revision,
      WantedCertificate wanted,
      String rotateNow,
      String trustBundle,
      Instant now) {
    ManagedCertificateStatus before = resource.getStatus();
    String serial = inSecret.serial().toString();
    Map<String, String> marks = new LinkedHashMap<>();
    if (revision > 1 && (before == null || !serial.equals(before.serial()))) {
      marks.put(SecretRollout.REVISION_ANNOTATION, serial);
    }
    // a status from before CA rotations names no bundle: the Secret's is the one rolled for
    if (before != null
        && before.trustBundle() != null
        && !before.trustBundle().equals(trustBundle)) {
      marks.put(SecretRollout.TRUST_ANNOTATION, trustBundle);
    }
    List<String> rolled = before == null ? null : before.rolledWorkloads();
    String lastRollout = before == null ? null : before.lastRolloutTime();
    if (!marks.isEmpty() && !Boolean.FALSE.equals(resource.getSpec().rollout())) {
      String namespace = resource.getMetadata().getNamespace();
      rolled = rollout.roll(namespace, resource.getSpec().secretName(), marks);
      lastRollout = KubeTimes.format(now);
      if (!rolled.isEmpty()) {
        events.normal(
            resource,
            "RolledOut",
            "restarted "
                + String.join(", ", rolled)
                + (marks.containsKey(SecretRollout.REVISION_ANNOTATION)
                    ? " for serial " + serial
                    : " for a trust bundle of CAs " + marks.get(SecretRollout.TRUST_ANNOTATION)));
      }
    }
    Instant renewAt = wanted.policy().renewAt(inSecret.certificate());
    Instant notAfter = inSecret.certificate().getNotAfter().toInstant();
    long generation = generation(resource);
    List<Condition> conditions =
        Conditions.with(
            before == null ? null : before.conditions(),
            Conditions.READY,
            true,
            "Issued",
            "serial "
                + serial
                + " valid until "
                + KubeTimes.format(notAfter)
                + ", renews at "
                + KubeTimes.format(renewAt),
            generation,
            now);
    return new ManagedCertificateStatus(
        generation,
        serial,
        KubeTimes.format(inSecret.certificate().getNotBefore().toInstant()),
        KubeTimes.format(notAfter),
        KubeTimes.format(renewAt),
        revision,
        lastRollout,
        rolled,
        conditions,
        rotateNow,
        trustBundle);
  }

  private ManagedCertificateStatus failed(
      ManagedCertificate resource, RuntimeException e, Instant now) {
    ManagedCertificateStatus before = resource.getStatus();
    List<Condition> conditions = before == null ? null : before.conditions();
    String reason = e.getClass().getSimpleName();
    if (Conditions.isNewFailure(conditions, Conditions.READY, e.getMessage())) {
      events.warning(resource, reason, e.getMessage());
    }
    long generation = generation(resource);
    List<Condition> after =
        Conditions.with(
            conditions, Conditions.READY, false, reason, e.getMessage(), generation, now);
    if (before == null) {
      return new ManagedCertificateStatus(
          null, null, null, null, null, null, null, null, after, null, null);
    }
    return new ManagedCertificateStatus(
        before.observedGeneration(),
        before.serial(),
        before.notBefore(),
        before.notAfter(),
        before.renewalTime(),
        before.revision(),
        before.lastRolloutTime(),
        before.rolledWorkloads(),
        after,
        before.lastRotateNow(),
        before.trustBundle());
  }

  /** Refuses to overwrite a Secret that some other owner (or nobody) put there. */
  private static void requireOwned(Secret secret, String namespace, String name, String owner) {
    if (secret == null) {
      return;
    }
    Map<String, String> labels = secret.getMetadata().getLabels();
    String holder = labels == null ? null : labels.get(TlsSecrets.MANAGED_BY);
    if (!owner.equals(holder)) {
      throw new UsageError(
          "Secret "
              + namespace
              + "/"
              + name
              + " exists and is not this certificate's (its label "
              + TlsSecrets.MANAGED_BY
              + " is "
              + (holder == null ? "absent" : "'" + holder + "'")
              + "); delete it or choose another secretName");
    }
  }

  private static String annotation(ManagedCertificate resource, String key) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  private static long generation(ManagedCertificate resource) {
    Long generation = resource.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private record Outcome(ManagedCertificateStatus status, Instant renewAt) {}
}
