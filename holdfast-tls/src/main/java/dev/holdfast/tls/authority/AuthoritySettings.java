package dev.holdfast.tls.authority;

import dev.holdfast.tls.InvalidRequestException;
import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.ca.CertificateAuthority;
import dev.holdfast.tls.ca.KeyAlgorithm;
import dev.holdfast.tls.material.KeyValues;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How the authority makes its CAs and CRLs, fixed when it is created and kept in its {@code
 * settings} file.
 *
 * @param name the CA common name; generation n is called "{@code name} n"
 * @param keyAlgorithm the key algorithm of new CA generations
 * @param caLifetime the lifetime of each CA certificate
 * @param crlLifetime how long each published CRL is valid (its nextUpdate)
 * @param propagationDelay how long every peer may take to load a newly published trust bundle: the
 *     time the rotation waits before a new CA signs and before a retired CA is forgotten. It must
 *     exceed the slowest path from the authority's files to a peer's reloader (Kubernetes secret
 *     propagation plus the reload interval).
 */
public record AuthoritySettings(
    String name,
    KeyAlgorithm keyAlgorithm,
    Duration caLifetime,
    Duration crlLifetime,
    Duration propagationDelay) {

  /** ECDSA P-256, a one-year CA, weekly CRLs, ten minutes for a bundle to reach every peer. */
  public static final AuthoritySettings DEFAULTS =
      new AuthoritySettings(
          "Holdfast CA",
          KeyAlgorithm.ECDSA_P256,
          CertificateAuthority.DEFAULT_LIFETIME,
          Duration.ofDays(7),
          Duration.ofMinutes(10));

  /** Validates every field. */
  public AuthoritySettings {
    Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    if (name == null || name.isBlank() || name.length() > 48 || !name.strip().equals(name)) {
      throw new InvalidRequestException("a CA name has 1 to 48 characters, no outer spaces");
    }
    requirePositive(caLifetime, "CA lifetime");
    requirePositive(crlLifetime, "CRL lifetime");
    requirePositive(propagationDelay, "propagation delay");
    if (caLifetime.compareTo(Duration.ofDays(1)) < 0) {
      throw new InvalidRequestException("a CA lifetime under a day leaves no time to rotate");
    }
  }

  /** These settings with another CA key algorithm. */
  public AuthoritySettings withKeyAlgorithm(KeyAlgorithm algorithm) {
    return new AuthoritySettings(name, algorithm, caLifetime, crlLifetime, propagationDelay);
  }

  /** These settings with another CA lifetime. */
  public AuthoritySettings withCaLifetime(Duration lifetime) {
    return new AuthoritySettings(name, keyAlgorithm, lifetime, crlLifetime, propagationDelay);
  }

  /** These settings with another propagation delay. */
  public AuthoritySettings withPropagationDelay(Duration delay) {
    return new AuthoritySettings(name, keyAlgorithm, caLifetime, crlLifetime, delay);
  }

  byte[] format() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("name", name);
    values.put("key-algorithm", keyAlgorithm.id());
    values.put("ca-lifetime", caLifetime.toString());
    values.put("crl-lifetime", crlLifetime.toString());
    values.put("propagation-delay", propagationDelay.toString());
    return KeyValues.format("Holdfast certificate authority settings (docs/TLS.md)", values);
  }

  static AuthoritySettings parse(byte[] bytes, String source) {
    Map<String, String> values = KeyValues.parse(bytes, source);
    try {
      return new AuthoritySettings(
          KeyValues.require(values, "name", source),
          KeyAlgorithm.parse(KeyValues.require(values, "key-algorithm", source)),
          Duration.parse(KeyValues.require(values, "ca-lifetime", source)),
          Duration.parse(KeyValues.require(values, "crl-lifetime", source)),
          Duration.parse(KeyValues.require(values, "propagation-delay", source)));
    } catch (DateTimeParseException | InvalidRequestException e) {
      throw new TlsMaterialException(source + ": " + e.getMessage(), e);
    }
  }

  private static void requirePositive(Duration duration, String what) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new InvalidRequestException(what + " must be a positive duration");
    }
  }
}
