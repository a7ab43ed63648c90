package dev.holdfast.operator.certs;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.material.KeyProtection;
import dev.holdfast.tls.material.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Holdfast's certificate authority in a cluster: one CA whose certificate ({@value
 * #CERTIFICATE_KEY}) and private key ({@value #KEY_KEY}, encrypted PKCS#8 exactly as {@code
 * holdfast tls} keeps it in a file) live in a Secret of the operator's namespace, made on first
 * use. The passphrase that opens the key comes from another Secret (docs/DESIGN.md, "Where the CA
 * key lives in a cluster"). The opened CA is kept in memory while its Secret is unchanged, so the
 * scrypt cost is paid once, not per certificate. Thread-safe.
 */
public final class ClusterAuthority {
  /** The key of the CA certificate in the CA Secret: also every leaf Secret's trust bundle. */
  public static final String CERTIFICATE_KEY = "ca.crt";

  /** The key of the encrypted CA private key in the CA Secret. */
  public static final String KEY_KEY = "ca.key";

  /** The common name of the CA Holdfast makes in a cluster. */
  static final String CA_NAME = "Holdfast cluster CA";

  private final KubernetesClient client;
  private final SecretValues secrets;
  private final CertificateSettings settings;
  private final String namespace;
  private final Clock clock;
  private final SecureRandom random;
  private Opened opened;

  /**
   * The CA that {@code settings} place, in {@code settings.caNamespace()} or else in the client's
   * namespace.
   */
  public ClusterAuthority(
      KubernetesClient client, CertificateSettings settings, Clock clock, SecureRandom random) {
    this.client = client;
    this.secrets = new SecretValues(client);
    this.settings = settings;
    this.namespace =
        settings.caNamespace() != null ? settings.caNamespace() : client.getNamespace();
    this.clock = clock;
    this.random = random;
  }

  /**
   * The CA, opened from its Secret, or made and saved there when there is none yet.
   *
   * @throws UsageError when the passphrase Secret is missing
   * @throws dev.holdfast.tls.WrongPasswordException when the passphrase does not open the key
   * @throws dev.holdfast.tls.TlsMaterialException when the CA Secret is damaged
   */
  public synchronized CertificateAuthority authority() {
    Secret secret = secrets().withName(settings.caSecretName()).get();
    if (secret == null) {
      return create();
    }
    String version = secret.getMetadata().getResourceVersion();
    if (opened == null || !opened.resourceVersion().equals(version)) {
      opened = new Opened(version, open(secret));
    }
    return opened.authority();
  }

  /** The trust bundle peers need to check the leaves {@code authority} issues: its certificate. */
  public static byte[] trustBundle(CertificateAuthority authority) {
    return Pem.encodeCertificates(List.of(authority.certificate()));
  }

  /** The namespace of the CA's Secret. */
  public String namespace() {
    return namespace;
  }

  /** The name of the CA's Secret. */
  public String secretName() {
    return settings.caSecretName();
  }

  /** Where the CA lives, for messages: {@code namespace/name}. */
  public String describe() {
    return namespace + "/" + settings.caSecretName();
  }

  private CertificateAuthority open(Secret secret) {
    String source = "Secret " + describe();
    byte[] certificate = value(secret, CERTIFICATE_KEY);
    byte[] key = value(secret, KEY_KEY);
    KeyProtection protection = protection();
    try {
      PrivateKey privateKey =
          Pem.parseEncryptedPrivateKey(key, source + " key " + KEY_KEY, protection);
      List<X509Certificate> chain =
          Pem.parseCertificates(certificate, source + " key " + CERTIFICATE_KEY);
      return CertificateAuthority.of(CertifiedKey.of(privateKey, chain, source), clock, random);
    } finally {
      protection.destroy();
    }
  }

  private CertificateAuthority create() {
    KeyProtection protection = protection().withCost(settings.keyCost());
    CertificateAuthority authority =
        CertificateAuthority.create(
            CA_NAME, settings.caKeyAlgorithm(), settings.caLifetime(), clock, random);
    byte[] encryptedKey;
    try {
      encryptedKey = authority.encryptedKey(protection);
    } finally {
      protection.destroy();
    }
    Secret secret =
        new SecretBuilder()
            .withNewMetadata()
            .withName(settings.caSecretName())
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/managed-by", "holdfast")
            .endMetadata()
            .withType("Opaque")
            .addToData(CERTIFICATE_KEY, TlsSecrets.base64(trustBundle(authority)))
            .addToData(KEY_KEY, TlsSecrets.base64(encryptedKey))
            .build();
    try {
      Secret created = secrets().resource(secret).create();
      opened = new Opened(created.getMetadata().getResourceVersion(), authority);
      return authority;
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // another operator replica made it first: use theirs, so that there is one CA
        Secret theirs = secrets().withName(settings.caSecretName()).require();
        opened = new Opened(theirs.getMetadata().getResourceVersion(), open(theirs));
        return opened.authority();
      }
      throw e;
    }
  }

  private KeyProtection protection() {
    char[] passphrase;
    try {
      passphrase = secrets.chars(namespace, settings.passphraseSecret());
    } catch (UsageError e) {
      throw new UsageError(
          e.getMessage()
              + "; it holds the passphrase that encrypts the CA key in Secret "
              + describe()
              + " (see docs/kubernetes.md, \"Certificates\")");
    }
    try {
      return KeyProtection.withPassphrase(passphrase);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
  }

  private byte[] value(Secret secret, String key) {
    return TlsSecrets.value(secret, key)
        .orElseThrow(() -> new UsageError("Secret " + describe() + " has no key '" + key + "'"));
  }

  private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets() {
    return client.secrets().inNamespace(namespace);
  }

  private record Opened(String resourceVersion, CertificateAuthority authority) {}
}
