package dev.holdfast.operator.certs;

import dev.holdfast.core.UsageError;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.material.Pem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the cluster CA's Secret holds, in its two layouts (docs/DESIGN.md, "Rotating the cluster
 * CA"). A Secret without the {@value #ROTATION} key is the first layout: {@code ca.crt} and {@code
 * ca.key} are CA generation 1, STABLE. Once a rotation has begun, {@value #ROTATION} holds
 * holdfast-tls's {@link RotationState} text and each generation held has {@code ca-N.crt} and,
 * until it is retired, {@code ca-N.key} (encrypted); {@code ca.crt} is then the trust bundle the
 * state publishes, signing CA first. The keys stay encrypted here: only the CA that signs is ever
 * opened, by {@link ClusterAuthority}.
 *
 * @param certificates the certificate of every generation held, by generation
 * @param encryptedKeys the encrypted PKCS#8 key of every generation whose key is held
 */
record CaSecretContent(
    RotationState state,
    Map<Integer, X509Certificate> certificates,
    Map<Integer, byte[]> encryptedKeys) {
  /** The key that holds the rotation state, absent until the first rotation. */
  static final String ROTATION = "rotation";

  /** Copies the maps; requires the certificates the state trusts and the signing key. */
  CaSecretContent {
    Objects.requireNonNull(state, "state");
    certificates = Map.copyOf(certificates);
    encryptedKeys = Map.copyOf(encryptedKeys);
    for (int generation : state.trusted()) {
      if (!certificates.containsKey(generation)) {
        throw new IllegalArgumentException("no certificate of CA generation " + generation);
      }
    }
    if (!encryptedKeys.containsKey(state.signing())) {
      throw new IllegalArgumentException("no key of CA generation " + state.signing());
    }
  }

  /**
   * What {@code secret} holds; {@code source} names it for messages.
   *
   * @throws UsageError when a key the layout needs is missing
   * @throws dev.holdfast.tls.TlsMaterialException when a certificate or the state is damaged
   */
  static CaSecretContent of(Secret secret, String source) {
    if (TlsSecrets.value(secret, ROTATION).isEmpty()) {
      X509Certificate first =
          Pem.parseCertificates(
                  require(secret, ClusterAuthority.CERTIFICATE_KEY, source),
                  source + " key " + ClusterAuthority.CERTIFICATE_KEY)
              .get(0);
      RotationState stable =
          new RotationState(RotationPhase.STABLE, 1, 0, first.getNotBefore().toInstant());
      return new CaSecretContent(
          stable, Map.of(1, first), Map.of(1, require(secret, ClusterAuthority.KEY_KEY, source)));
    }
    RotationState state =
        RotationState.parse(require(secret, ROTATION, source), source + " key " + ROTATION);
    Map<Integer, X509Certificate> certificates = new TreeMap<>();
    Map<Integer, byte[]> keys = new TreeMap<>();
    for (int generation : held(state)) {
      String name = certificateKey(generation);
      certificates.put(
          generation,
          Pem.parseCertificates(require(secret, name, source), source + " key " + name).get(0));
      TlsSecrets.value(secret, keyKey(generation)).ifPresent(k -> keys.put(generation, k));
    }
    if (!keys.containsKey(state.signing())) {
      throw new UsageError(
          source + " has no key '" + keyKey(state.signing()) + "' for the CA that signs now");
    }
    return new CaSecretContent(state, certificates, keys);
  }

  /** The state and generations, never the (encrypted) keys. */
  @Override
  public String toString() {
    return "CaSecretContent[" + state + ", generations " + certificates.keySet() + "]";
  }

  /** The CA certificates peers must trust now, signing CA first. */
  List<X509Certificate> trusted() {
    return state.trusted().stream().map(certificates::get).toList();
  }

  /** {@link #trusted()} as PEM: every leaf Secret's {@code ca.crt}. */
  byte[] bundle() {
    return Pem.encodeCertificates(trusted());
  }

  /** The certificate of the CA that signs now. */
  X509Certificate signingCertificate() {
    return certificates.get(state.signing());
  }

  /** The encrypted key of the CA that signs now. */
  byte[] signingKey() {
    return encryptedKeys.get(state.signing());
  }

  /** This content with generation {@code introducing.current()} made and introduced. */
  CaSecretContent begin(RotationState introducing, X509Certificate certificate, byte[] key) {
    Map<Integer, X509Certificate> moreCertificates = new TreeMap<>(certificates);
    Map<Integer, byte[]> moreKeys = new TreeMap<>(encryptedKeys);
    moreCertificates.put(introducing.current(), certificate);
    moreKeys.put(introducing.current(), key);
    return new CaSecretContent(introducing, moreCertificates, moreKeys);
  }

  /**
   * This content in {@code next}, the state after a step: entering RETIRING deletes the old CA's
   * key (nothing may sign under it again), entering STABLE its certificate.
   */
  CaSecretContent advanced(RotationState next) {
    Map<Integer, X509Certificate> keptCertificates = new TreeMap<>(certificates);
    Map<Integer, byte[]> keptKeys = new TreeMap<>(encryptedKeys);
    keptCertificates.keySet().retainAll(held(next));
    keptKeys.keySet().retainAll(held(next));
    if (next.phase() == RotationPhase.RETIRING) {
      keptKeys.remove(next.previous());
    }
    return new CaSecretContent(next, keptCertificates, keptKeys);
  }

  /**
   * {@code existing} (kept for its resource version, labels and annotations) with its data replaced
   * by this content in the rotation layout, and {@code annotations} set.
   */
  Secret writeInto(Secret existing, Map<String, String> annotations) {
    Map<String, String> data = new LinkedHashMap<>();
    data.put(ClusterAuthority.CERTIFICATE_KEY, TlsSecrets.base64(bundle()));
    data.put(ROTATION, TlsSecrets.base64(state.format()));
    for (Map.Entry<Integer, X509Certificate> entry : certificates.entrySet()) {
      data.put(
          certificateKey(entry.getKey()),
          TlsSecrets.base64(Pem.encodeCertificates(List.of(entry.getValue()))));
    }
    encryptedKeys.forEach(
        (generation, key) -> data.put(keyKey(generation), TlsSecrets.base64(key)));
    Map<String, String> merged = new LinkedHashMap<>();
    if (existing.getMetadata().getAnnotations() != null) {
      merged.putAll(existing.getMetadata().getAnnotations());
    }
    annotations.forEach(
        (key, value) -> {
          if (value == null) {
            merged.remove(key);
          } else {
            merged.put(key, value);
          }
        });
    return new SecretBuilder(existing)
        .editMetadata()
        .withAnnotations(merged)
        .endMetadata()
        .withData(data)
        .withStringData(null)
        .build();
  }

  /** The generations a Secret in {@code state} holds: the trusted ones, and a retiring one. */
  private static TreeSet<Integer> held(RotationState state) {
    TreeSet<Integer> held = new TreeSet<>(state.trusted());
    if (state.phase() == RotationPhase.RETIRING) {
      held.add(state.previous());
    }
    return held;
  }

  static String certificateKey(int generation) {
    return "ca-" + generation + ".crt";
  }

  static String keyKey(int generation) {
    return "ca-" + generation + ".key";
  }

  private static byte[] require(Secret secret, String key, String source) {
    return TlsSecrets.value(secret, key)
        .orElseThrow(() -> new UsageError(source + " has no key '" + key + "'"));
  }
}
