package dev.holdfast.operator.certs;

import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.expiry.CertificateSummary;
import dev.holdfast.tls.expiry.Verdict;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the expiry watcher keeps of one Secret: its name and uid (to address events to it), the
 * summary of the first certificate under {@code certificateKey} ({@code tls.crt}, the leaf, for a
 * TLS Secret; {@code ca.crt} for the cluster CA's Secret) or why it could not be read, the renewal
 * time a ManagedCertificate announced, and the last verdict it warned about. A few hundred bytes,
 * never the Secret itself, so watching every TLS Secret of a large cluster costs little memory.
 *
 * @param certificateKey the key of the Secret that holds the certificate
 * @param certificate the certificate's summary; empty when {@code problem} says why there is none
 * @param problem why the certificate could not be read, or null
 * @param renewAt when Holdfast renews it, for Secrets a ManagedCertificate writes
 * @param announced the verdict last reported in a Warning event, or {@link Verdict#OK}
 */
record WatchedSecret(
    String namespace,
    String name,
    String uid,
    String certificateKey,
    Optional<CertificateSummary> certificate,
    String problem,
    Optional<Instant> renewAt,
    Verdict announced) {
  WatchedSecret {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(certificateKey, "certificateKey");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(renewAt, "renewAt");
    Objects.requireNonNull(announced, "announced");
  }

  /**
   * The summary of the first certificate under {@code certificateKey} of {@code secret}; the Secret
   * itself is not kept.
   */
  static WatchedSecret of(Secret secret, String certificateKey) {
    String namespace = secret.getMetadata().getNamespace();
    String name = secret.getMetadata().getName();
    String uid = secret.getMetadata().getUid();
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    Optional<Instant> renewAt =
        KubeTimes.parse(annotations == null ? null : annotations.get(TlsSecrets.RENEWAL_TIME));
    try {
      CertificateSummary first =
          CertificateSummary.of(TlsSecrets.certificates(secret, certificateKey).get(0));
      return new WatchedSecret(
          namespace, name, uid, certificateKey, Optional.of(first), null, renewAt, Verdict.OK);
    } catch (TlsException e) {
      return new WatchedSecret(
          namespace,
          name,
          uid,
          certificateKey,
          Optional.empty(),
          e.getMessage(),
          renewAt,
          Verdict.OK);
    }
  }

  /** {@code namespace/name}: the key the watcher keeps it under. */
  String key() {
    return namespace + "/" + name;
  }

  /** The same, remembering that {@code verdict} was warned about. */
  WatchedSecret announcing(Verdict verdict) {
    return new WatchedSecret(
        namespace, name, uid, certificateKey, certificate, problem, renewAt, verdict);
  }

  /** Whether this holds the same certificate as {@code other} (a resync, a label change). */
  boolean sameCertificate(WatchedSecret other) {
    return certificateKey.equals(other.certificateKey)
        && certificate.equals(other.certificate)
        && Objects.equals(problem, other.problem)
        && renewAt.equals(other.renewAt);
  }

  /** A Secret with only the name, namespace and uid, to address an event to. */
  Secret reference() {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .build();
  }
}
