package dev.holdfast.tls.material;

import dev.holdfast.tls.TlsMaterialException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with the certificate chain that belongs to it (leaf first): what a TLS peer
 * presents. Built through {@link #of} it is known to match; its {@code toString} never shows the
 * key.
 */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {
  private static final byte[] CHALLENGE =
      "holdfast: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);

  /** Requires a key and a non-empty chain; {@link #of} also checks that they belong together. */
  public CertifiedKey {
    if (privateKey == null || chain == null || chain.isEmpty()) {
      throw new IllegalArgumentException("a certified key needs a key and at least one cert");
    }
    chain = List.copyOf(chain);
  }

  /**
   * Pairs {@code key} with {@code chain} after checking that both use supported algorithms and that
   * the key is the one the leaf certificate certifies.
   *
   * @param source names where the pair came from ("tls.key and tls.crt"), for messages
   * @throws TlsMaterialException when the key belongs to another certificate
   */
  public static CertifiedKey of(PrivateKey key, List<X509Certificate> chain, String source) {
    if (chain.isEmpty()) {
      throw new TlsMaterialException(source + ": no certificate for the private key");
    }
    X509Certificate leaf = chain.get(0);
    Algorithms.requireSupportedKey(key, source);
    Algorithms.requireSupportedKey(leaf.getPublicKey(), source);
    for (X509Certificate certificate : chain) {
      Algorithms.requireSupportedSignature(certificate, source);
    }
    if (!matches(key, leaf.getPublicKey())) {
      throw new TlsMaterialException(
          source
              + ": the private key does not belong to certificate "
              + Certificates.describe(leaf));
    }
    return new CertifiedKey(key, chain);
  }

  /** Whether {@code key} makes signatures that {@code publicKey} verifies. */
  public static boolean matches(PrivateKey key, PublicKey publicKey) {
    if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
      return false;
    }
    try {
      String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(CHALLENGE);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(publicKey);
      verifier.update(CHALLENGE);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The leaf certificate: the one that names this peer. */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** The serial of the leaf certificate. */
  public SerialNumber serial() {
    return SerialNumber.of(certificate());
  }

  @Override
  public String toString() {
    return "CertifiedKey[" + Certificates.describe(certificate()) + "]";
  }
}
