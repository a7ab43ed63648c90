package dev.holdfast.operator.certs;

import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Secrets of type {@value #TYPE} as Holdfast reads and writes them: {@code tls.crt} (the leaf),
 * {@code tls.key} (its PKCS#8 key) and {@code ca.crt} (the trust bundle), the layout cert-manager
 * and Holdfast's own reloaders use; plus the label and annotation by which a ManagedCertificate
 * owns its Secret and tells the expiry watcher when it renews.
 */
public final class TlsSecrets {
  /** The Secret type Kubernetes gives TLS material. */
  public static final String TYPE = "kubernetes.io/tls";

  /** The leaf certificate's key in the Secret. */
  public static final String CERTIFICATE = "tls.crt";

  /** The private key's key in the Secret. */
  public static final String PRIVATE_KEY = "tls.key";

  /** The trust bundle's key in the Secret. */
  public static final String TRUST_BUNDLE = "ca.crt";

  /** The label naming the ManagedCertificate (same namespace) that writes the Secret. */
  public static final String MANAGED_BY = "holdfast.dev/managed-certificate";

  /** The annotation holding when the certificate in the Secret will be renewed (RFC 3339). */
  public static final String RENEWAL_TIME = "holdfast.dev/renewal-time";

  /** The annotation counting the certificates written into the Secret, 1 for the first. */
  static final String REVISION = "holdfast.dev/revision";

  /**
   * The annotation naming the ManagedCertificate (uid) and spec (generation) the certificate was
   * issued for, as {@code UID/GENERATION}.
   */
  static final String ISSUED_FOR = "holdfast.dev/issued-for";

  /** The annotation holding the rotate-now value the certificate was issued for, if any. */
  static final String ROTATED_FOR = "holdfast.dev/rotated-for";

  private TlsSecrets() {}

  /** The value under {@code key}, decoded; empty when absent. */
  static Optional<byte[]> value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data == null || data.get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(Base64.getDecoder().decode(data.get(key)));
  }

  /**
   * The certificates in {@code tls.crt}, leaf first.
   *
   * @throws dev.holdfast.tls.TlsMaterialException when it is missing, not PEM, or damaged
   */
  static List<X509Certificate> certificates(Secret secret) {
    return certificates(secret, CERTIFICATE);
  }

  /**
   * The certificates in {@code key} of {@code secret}, in the order they are written.
   *
   * @throws dev.holdfast.tls.TlsMaterialException when it is missing, not PEM, or damaged
   */
  static List<X509Certificate> certificates(Secret secret, String key) {
    String source = "Secret " + name(secret) + " " + key;
    byte[] pem =
        value(secret, key).orElseThrow(() -> new TlsMaterialException(source + ": missing"));
    return Pem.parseCertificates(pem, source);
  }

  /**
   * The key and certificate in the Secret, checked to belong together.
   *
   * @throws dev.holdfast.tls.TlsException naming the Secret and what is wrong
   */
  static CertifiedKey certifiedKey(Secret secret) {
    String source = "Secret " + name(secret) + " " + PRIVATE_KEY;
    byte[] key =
        value(secret, PRIVATE_KEY)
            .orElseThrow(() -> new TlsMaterialException(source + ": missing"));
    return CertifiedKey.of(
        Pem.parsePrivateKey(key, source),
        certificates(secret),
        "Secret " + name(secret) + " " + PRIVATE_KEY + " and " + CERTIFICATE);
  }

  /** The Secret's annotation {@code key}, or null. */
  static String annotation(Secret secret, String key) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /**
   * The Secret {@code owner} writes: {@code existing} (kept for its resource version, and the
   * labels and annotations of others) or a new one, holding {@code material} and {@code
   * trustBundle}, with the annotations that record what it was issued for: the Secret, read fresh,
   * is what decides the next issuance, never a possibly stale status.
   */
  static Secret withMaterial(
      Secret existing,
      String namespace,
      String name,
      String owner,
      Issuance issuance,
      CertifiedKey material,
      byte[] trustBundle,
      Instant renewAt) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(CERTIFICATE, base64(Pem.encodeCertificates(material.chain())));
    data.put(PRIVATE_KEY, base64(Pem.encodePrivateKey(material.privateKey())));
    data.put(TRUST_BUNDLE, base64(trustBundle));
    Map<String, String> annotations = new LinkedHashMap<>();
    if (existing != null && existing.getMetadata().getAnnotations() != null) {
      annotations.putAll(existing.getMetadata().getAnnotations());
    }
    annotations.put(RENEWAL_TIME, KubeTimes.format(renewAt));
    annotations.put(REVISION, Integer.toString(issuance.revision()));
    annotations.put(ISSUED_FOR, issuance.issuedFor());
    annotations.remove(ROTATED_FOR);
    if (issuance.rotatedFor() != null) {
      annotations.put(ROTATED_FOR, issuance.rotatedFor());
    }
    SecretBuilder builder = existing == null ? new SecretBuilder() : new SecretBuilder(existing);
    return builder
        .editOrNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .addToLabels(MANAGED_BY, owner)
        .withAnnotations(annotations)
        .endMetadata()
        .withType(TYPE)
        .withData(data)
        .withStringData(null)
        .build();
  }

  /**
   * {@code existing} (kept for its resource version, so a concurrent writer makes the update fail)
   * with {@code trustBundle} as its {@code ca.crt}; the leaf and key stay.
   */
  static Secret withTrustBundle(Secret existing, byte[] trustBundle) {
    return new SecretBuilder(existing).addToData(TRUST_BUNDLE, base64(trustBundle)).build();
  }

  /**
   * What a certificate in a Secret was issued for.
   *
   * @param revision how many certificates the Secret has held, this one included
   * @param issuedFor {@code UID/GENERATION} of the ManagedCertificate it was issued for
   * @param rotatedFor the rotate-now annotation's value then, or null
   */
  record Issuance(int revision, String issuedFor, String rotatedFor) {
    /** What {@code secret}'s annotations say; revision 0 for a Secret without them. */
    static Issuance of(Secret secret) {
      return new Issuance(
          revision(annotation(secret, REVISION)),
          String.valueOf(annotation(secret, ISSUED_FOR)),
          annotation(secret, ROTATED_FOR));
    }

    /** The {@code issuedFor} of a ManagedCertificate's uid and generation. */
    static String issuedFor(String uid, long generation) {
      return uid + "/" + generation;
    }

    /** A count an earlier reconciliation wrote; 0 when absent or mangled by hand. */
    private static int revision(String text) {
      try {
        return text == null ? 0 : Math.max(0, Integer.parseInt(text));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  /** {@code namespace/name} of the Secret, for messages. */
  static String name(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
