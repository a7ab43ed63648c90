package dev.holdfast.tls.ca;

import dev.holdfast.tls.InvalidRequestException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;

/**
 * The key pairs the authority makes, for itself and for leaves: ECDSA on P-256 by default (small,
 * fast handshakes), RSA 3072 where a peer cannot do ECDSA.
 */
public enum KeyAlgorithm {
  /** ECDSA on NIST P-256 (secp256r1), signing with SHA-256. */
  ECDSA_P256("ecdsa-p256", "EC", new ECGenParameterSpec("secp256r1")),
  /** RSA with a 3072-bit modulus (128-bit security), signing with SHA-256. */
  RSA_3072("rsa-3072", "RSA", new RSAKeyGenParameterSpec(3072, RSAKeyGenParameterSpec.F4));

  private final String id;
  private final String jcaName;
  private final AlgorithmParameterSpec parameters;

  KeyAlgorithm(String id, String jcaName, AlgorithmParameterSpec parameters) {
    this.id = id;
    this.jcaName = jcaName;
    this.parameters = parameters;
  }

  /** The name used in settings files and on the command line: "ecdsa-p256", "rsa-3072". */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static KeyAlgorithm parse(String id) {
    for (KeyAlgorithm algorithm : values()) {
      if (algorithm.id.equals(id.strip().toLowerCase(Locale.ROOT))) {
        return algorithm;
      }
    }
    throw new InvalidRequestException(
        "unknown key algorithm '" + id + "' (use ecdsa-p256 or rsa-3072)");
  }

  /** A fresh key pair from {@code random}. */
  public KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
      generator.initialize(parameters, random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate " + id + " keys", e);
    }
  }

  /** Whether keys of this algorithm also encipher (RSA key transport) besides signing. */
  boolean enciphers() {
    return this == RSA_3072;
  }
}
