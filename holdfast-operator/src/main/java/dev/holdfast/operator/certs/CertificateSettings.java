package dev.holdfast.operator.certs;

import dev.holdfast.operator.api.SecretKeyReference;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.expiry.ExpiryThresholds;
import dev.holdfast.tls.material.ScryptCost;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where the operator keeps its certificate authority and how it watches the cluster's TLS Secrets
 * (docs/kubernetes.md, "Certificates"; docs/DESIGN.md, "Where the CA key lives in a cluster").
 *
 * @param caNamespace the namespace of the CA's Secrets; null means the operator's own (the
 *     namespace of its service account, which is its client's namespace in a cluster)
 * @param caSecretName the Secret that holds the CA certificate ({@code ca.crt}) and its encrypted
 *     private key ({@code ca.key}); created on first use
 * @param passphraseSecret the key of another Secret that holds the passphrase encrypting the CA
 *     key; the installer creates it, the operator only reads it
 * @param caKeyAlgorithm the key algorithm of a new CA
 * @param caLifetime the lifetime of a new CA certificate
 * @param keyCost the scrypt cost of the encrypted CA key (a new CA only)
 * @param thresholds when a watched certificate turns warn and critical
 * @param expiryCheckInterval how often the watched certificates are judged again, for events
 * @param watchTlsSecrets whether every {@code kubernetes.io/tls} Secret is watched for expiry
 * @param caRotation when the CA is rotated by itself and how long each staged step waits
 */
public record CertificateSettings(
    String caNamespace,
    String caSecretName,
    SecretKeyReference passphraseSecret,
    KeyAlgorithm caKeyAlgorithm,
    Duration caLifetime,
    ScryptCost keyCost,
    ExpiryThresholds thresholds,
    Duration expiryCheckInterval,
    boolean watchTlsSecrets,
    CaRotationSettings caRotation) {
  /** The CA Secret's name unless configured. */
  public static final String DEFAULT_CA_SECRET = "holdfast-ca";

  /** The passphrase Secret's name unless configured; its key is {@code passphrase}. */
  public static final String DEFAULT_PASSPHRASE_SECRET = "holdfast-ca-passphrase";

  /** Requires every part but the namespace. */
  public CertificateSettings {
    Objects.requireNonNull(caSecretName, "caSecretName");
    Objects.requireNonNull(passphraseSecret, "passphraseSecret");
    Objects.requireNonNull(caKeyAlgorithm, "caKeyAlgorithm");
    Objects.requireNonNull(caLifetime, "caLifetime");
    Objects.requireNonNull(keyCost, "keyCost");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(caRotation, "caRotation");
    if (expiryCheckInterval == null || expiryCheckInterval.isNegative()) {
      throw new IllegalArgumentException("expiryCheckInterval must be positive");
    }
  }

  /**
   * The CA in {@value #DEFAULT_CA_SECRET} of the operator's namespace, encrypted with the
   * passphrase in {@value #DEFAULT_PASSPHRASE_SECRET}; ECDSA P-256 for a year; every TLS Secret
   * watched and judged each minute against the default thresholds; the CA rotated in stages from
   * two thirds of its lifetime ({@link CaRotationSettings#defaults()}).
   */
  public static CertificateSettings defaults() {
    return new CertificateSettings(
        null,
        DEFAULT_CA_SECRET,
        new SecretKeyReference(DEFAULT_PASSPHRASE_SECRET, "passphrase"),
        KeyAlgorithm.ECDSA_P256,
        CertificateAuthority.DEFAULT_LIFETIME,
        ScryptCost.DEFAULT,
        ExpiryThresholds.DEFAULT,
        Duration.ofMinutes(1),
        true,
        CaRotationSettings.defaults());
  }

  /** The same settings with the CA's Secrets in {@code namespace}. */
  public CertificateSettings withCaNamespace(String namespace) {
    return copy(c -> c.caNamespace = namespace);
  }

  /** The same settings with another scrypt cost for a new CA key (tests use a cheap one). */
  public CertificateSettings withKeyCost(ScryptCost cost) {
    return copy(c -> c.keyCost = cost);
  }

  /** The same settings judging the watched certificates every {@code interval}. */
  public CertificateSettings withExpiryCheckInterval(Duration interval) {
    return copy(c -> c.expiryCheckInterval = interval);
  }

  /** The same settings without the watch of every TLS Secret. */
  public CertificateSettings withoutTlsSecretWatch() {
    return copy(c -> c.watchTlsSecrets = false);
  }

  /** The same settings with other CA rotation settings. */
  public CertificateSettings withCaRotation(CaRotationSettings rotation) {
    return copy(c -> c.caRotation = rotation);
  }

  private CertificateSettings copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** A copy of the settings with one part to change, for the {@code with} methods. */
  private static final class Copy {
    private String caNamespace;
    private String caSecretName;
    private SecretKeyReference passphraseSecret;
    private KeyAlgorithm caKeyAlgorithm;
    private Duration caLifetime;
    private ScryptCost keyCost;
    private ExpiryThresholds thresholds;
    private Duration expiryCheckInterval;
    private boolean watchTlsSecrets;
    private CaRotationSettings caRotation;

    Copy(CertificateSettings settings) {
      caNamespace = settings.caNamespace();
      caSecretName = settings.caSecretName();
      passphraseSecret = settings.passphraseSecret();
      caKeyAlgorithm = settings.caKeyAlgorithm();
      caLifetime = settings.caLifetime();
      keyCost = settings.keyCost();
      thresholds = settings.thresholds();
      expiryCheckInterval = settings.expiryCheckInterval();
      watchTlsSecrets = settings.watchTlsSecrets();
      caRotation = settings.caRotation();
    }

    CertificateSettings build() {
      return new CertificateSettings(
          caNamespace,
          caSecretName,
          passphraseSecret,
          caKeyAlgorithm,
          caLifetime,
          keyCost,
          thresholds,
          expiryCheckInterval,
          watchTlsSecrets,
          caRotation);
    }
  }
}
