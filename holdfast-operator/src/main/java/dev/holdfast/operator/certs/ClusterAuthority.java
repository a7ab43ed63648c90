package dev.holdfast.operator.certs;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.kube.SecretValues;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
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
 * Holdfast's certificate authority in a cluster: a CA whose certificate ({@value #CERTIFICATE_KEY})
 * and private key ({@value #KEY_KEY}, encrypted PKCS#8 exactly as {@code holdfast tls} keeps it in
 * a file) live in a Secret of the operator's namespace, made on first use; during and after a
 * staged rotation the Secret holds each generation apart ({@link CaSecretContent}). The passphrase
 * that opens the key comes from another Secret (docs/DESIGN.md, "Where the CA key lives in a
 * cluster"). The opened CA is kept in memory while its Secret is unchanged, so the scrypt cost is
 * paid once, not per certificate. Thread-safe.
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
  public CertificateAuthority authority() {
    return current().signing();
  }

  /**
   * The CA as its Secret says now: the rotation state, the CA that signs (opened) and the trust
   * bundle; made and saved first when there is none yet.
   *
   * @throws UsageError when the passphrase Secret is missing
   * @throws dev.holdfast.tls.WrongPasswordException when the passphrase does not open the key
   * @throws dev.holdfast.tls.TlsMaterialException when the CA Secret is damaged
   */
  public synchronized CaSnapshot current() {
    Secret secret = read();
    if (secret == null) {
      return create();
    }
    String version = secret.getMetadata().getResourceVersion();
    if (opened == null || !opened.resourceVersion().equals(version)) {
      opened = new Opened(version, open(secret));
    }
    return opened.snapshot();
  }

  /** The CA's Secret as the API server has it now, or null before the first CA is made. */
  Secret read() {
    return secrets().withName(settings.caSecretName()).get();
  }

  /** What {@code secret}, the CA's Secret, holds (keys still encrypted). */
  CaSecretContent content(Secret secret) {
    return CaSecretContent.of(secret, "Secret " + describe());
  }

  /**
   * Replaces the CA's Secret with {@code secret}, which carries the resource version it was read
   * at: when another writer changed the Secret since, the API server refuses (HTTP 409) and nothing
   * is written, so two replicas never fork the CA.
   *
   * @throws KubernetesClientException with code 409 on such a conflict
   */
  Secret replace(Secret secret) {
    return secrets().resource(secret).update();
  }

  /**
   * A new CA generation {@code generation}, its key encrypted with the CA passphrase at the
   * configured cost; nothing is saved.
   */
  NewGeneration newGeneration(int generation) {
    CertificateAuthority authority =
        CertificateAuthority.create(
            CA_NAME + " " + generation,
            settings.caKeyAlgorithm(),
            settings.caLifetime(),
            clock,
            random);
    KeyProtection protection = protection().withCost(settings.keyCost());
    try {
      return new NewGeneration(authority.certificate(), authority.encryptedKey(protection));
    } finally {
      protection.destroy();
    }
  }

  /** A CA generation made for a rotation: its certificate and encrypted key. */
  record NewGeneration(X509Certificate certificate, byte[] encryptedKey) {
    @Override
    public String toString() {
      return "NewGeneration[" + certificate.getSubjectX500Principal() + "]";
    }
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

  private CaSnapshot open(Secret secret) {
    String source = "Secret " + describe();
    CaSecretContent content = content(secret);
    String keyName =
        TlsSecrets.value(secret, CaSecretContent.ROTATION).isEmpty()
            ? KEY_KEY
            : CaSecretContent.keyKey(content.state().signing());
    KeyProtection protection = protection();
    try {
      PrivateKey privateKey =
          Pem.parseEncryptedPrivateKey(
              content.signingKey(), source + " key " + keyName, protection);
      CertificateAuthority signing =
          CertificateAuthority.of(
              CertifiedKey.of(privateKey, List.of(content.signingCertificate()), source),
              clock,
              random);
      return new CaSnapshot(content.state(), signing, content.trusted());
    } finally {
      protection.destroy();
    }
  }

  private CaSnapshot create() {
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
            .addToData(
                CERTIFICATE_KEY,
                TlsSecrets.base64(Pem.encodeCertificates(List.of(authority.certificate()))))
            .addToData(KEY_KEY, TlsSecrets.base64(encryptedKey))
            .build();
    try {
      Secret created = secrets().resource(secret).create();
      opened =
          new Opened(
              created.getMetadata().getResourceVersion(),
              new CaSnapshot(
                  // as CaSecretContent reads a Secret without a rotation state
                  new RotationState(
                      RotationPhase.STABLE,
                      1,
                      0,
                      authority.certificate().getNotBefore().toInstant()),
                  authority,
                  List.of(authority.certificate())));
      return opened.snapshot();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
        // another operator replica made it first: use theirs, so that there is one CA
        Secret theirs = secrets().withName(settings.caSecretName()).require();
        opened = new Opened(theirs.getMetadata().getResourceVersion(), open(theirs));
        return opened.snapshot();
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

  private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets() {
    return client.secrets().inNamespace(namespace);
  }

  private record Opened(String resourceVersion, CaSnapshot snapshot) {}
}
