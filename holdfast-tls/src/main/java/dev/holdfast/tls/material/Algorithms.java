package dev.holdfast.tls.material;

import dev.holdfast.tls.UnsupportedAlgorithmException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The algorithms Holdfast accepts in TLS material: ECDSA keys on P-256, P-384 or P-521 and RSA keys
 * of 2048 to 16384 bits, in certificates signed with SHA-256 or a stronger hash. Anything else is
 * refused with a message that says what was found, rather than failing later in a handshake.
 */
public final class Algorithms {
  /** Smallest RSA modulus accepted (NIST SP 800-57: 112-bit security until 2030). */
  public static final int MIN_RSA_BITS = 2048;

  private static final int MAX_RSA_BITS = 16384;
  private static final Map<String, ECParameterSpec> CURVES = namedCurves();
  private static final Set<String> SIGNATURES =
      Set.of(
          "SHA256withECDSA",
          "SHA384withECDSA",
          "SHA512withECDSA",
          "SHA256withRSA",
          "SHA384withRSA",
          "SHA512withRSA",
          "RSASSA-PSS");

  private Algorithms() {}

  /**
   * Checks that {@code key} is one Holdfast accepts.
   *
   * @param where names the file or certificate holding the key, for the message
   * @throws UnsupportedAlgorithmException naming what was found
   */
  public static void requireSupportedKey(Key key, String where) {
    if (key instanceof RSAKey rsa) {
      int bits = rsa.getModulus().bitLength();
      if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
        throw new UnsupportedAlgorithmException(
            where
                + ": an RSA key of "
                + bits
                + " bits is not supported (use "
                + MIN_RSA_BITS
                + " to "
                + MAX_RSA_BITS
                + " bits, or ECDSA P-256)");
      }
      return;
    }
    if (key instanceof ECKey ec) {
      if (curveName(ec.getParams()).isEmpty()) {
        throw new UnsupportedAlgorithmException(
            where
                + ": the elliptic curve of this key is not supported (use P-256, P-384 or P-521)");
      }
      return;
    }
    throw new UnsupportedAlgorithmException(
        where
            + ": key algorithm "
            + key.getAlgorithm()
            + " is not supported (use ECDSA P-256 or RSA of at least "
            + MIN_RSA_BITS
            + " bits)");
  }

  /**
   * Checks the signature algorithm of {@code certificate}.
   *
   * @throws UnsupportedAlgorithmException naming the certificate and the algorithm
   */
  public static void requireSupportedSignature(X509Certificate certificate, String where) {
    if (!isSupportedSignature(certificate)) {
      throw new UnsupportedAlgorithmException(
          where
              + ": certificate "
              + Certificates.describe(certificate)
              + " is signed with "
              + certificate.getSigAlgName()
              + ", which is not supported (use SHA-256 or stronger with ECDSA or RSA)");
    }
  }

  /** Whether the signature algorithm of {@code certificate} is one Holdfast accepts. */
  public static boolean isSupportedSignature(X509Certificate certificate) {
    return SIGNATURES.contains(certificate.getSigAlgName());
  }

  /** The signature algorithm a certificate authority uses with {@code key}. */
  public static String signatureAlgorithmFor(PrivateKey key) {
    if (key instanceof ECKey ec) {
      String curve = curveName(ec.getParams()).orElse("P-256");
      return curve.equals("P-256")
          ? "SHA256withECDSA"
          : curve.equals("P-384") ? "SHA384withECDSA" : "SHA512withECDSA";
    }
    if (key instanceof RSAKey) {
      return "SHA256withRSA";
    }
    throw new UnsupportedAlgorithmException(
        "key algorithm " + key.getAlgorithm() + " cannot sign certificates here");
  }

  /** "P-256" for a key on that curve, empty for a curve Holdfast does not accept. */
  public static Optional<String> curveName(ECParameterSpec params) {
    for (Map.Entry<String, ECParameterSpec> named : CURVES.entrySet()) {
      ECParameterSpec spec = named.getValue();
      if (spec.getCurve().equals(params.getCurve())
          && spec.getOrder().equals(params.getOrder())
          && spec.getGenerator().equals(params.getGenerator())) {
        return Optional.of(named.getKey());
      }
    }
    return Optional.empty();
  }

  private static Map<String, ECParameterSpec> namedCurves() {
    Map<String, ECParameterSpec> curves = new LinkedHashMap<>();
    curves.put("P-256", curve("secp256r1"));
    curves.put("P-384", curve("secp384r1"));
    curves.put("P-521", curve("secp521r1"));
    return Map.copyOf(curves);
  }

  private static ECParameterSpec curve(String name) {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec(name));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK lacks the standard curve " + name, e);
    }
  }
}
