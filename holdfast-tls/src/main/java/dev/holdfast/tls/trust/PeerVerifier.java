package dev.holdfast.tls.trust;

import dev.holdfast.tls.TlsException;
import dev.holdfast.tls.material.Algorithms;
import dev.holdfast.tls.material.Certificates;
import dev.holdfast.tls.trust.RefusedCertificateException.Reason;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a peer's certificate chain is trusted, at the time of the injected clock: valid
 * now, signed by a CA in the bundle that is itself valid, not revoked by that CA's CRL, allowed for
 * the peer's role by its (extended) key usage, naming the expected identity, and passing standard
 * PKIX path validation. Each refusal names the certificate and the reason.
 *
 * <p>Holdfast's CAs sign leaves directly (path length 0), so only the leaf is checked against the
 * bundle; other certificates a peer sends are ignored.
 */
public final class PeerVerifier {
  private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");

  private final TrustMaterial trust;
  private final PeerIdentity expected;
  private final Clock clock;

  /** A verifier of peers against {@code trust}, requiring {@code expected}, at {@code clock}. */
  public PeerVerifier(TrustMaterial trust, PeerIdentity expected, Clock clock) {
    this.trust = Objects.requireNonNull(trust, "trust");
    this.expected = Objects.requireNonNull(expected, "expected");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Verifies a peer's chain (leaf first).
   *
   * @param role what the peer is in this handshake
   * @param host the host name or address the peer must name (endpoint identification), or null
   * @throws RefusedCertificateException naming the certificate and why it is refused
   */
  public void verify(List<X509Certificate> chain, PeerRole role, String host)
      throws RefusedCertificateException {
    if (chain == null || chain.isEmpty()) {
      throw new RefusedCertificateException(
          Reason.NO_CERTIFICATE, "the " + role.noun() + " presented no certificate");
    }
    X509Certificate leaf = chain.get(0);
    String named = role.noun() + " certificate " + Certificates.describe(leaf);
    Instant now = clock.instant();
    checkAlgorithms(leaf, named);
    checkValidity(leaf, named, now);
    X509Certificate issuer =
        trust
            .issuerOf(leaf)
            .orElseThrow(
                () ->
                    new RefusedCertificateException(
                        Reason.UNTRUSTED_ISSUER,
                        named
                            + " is issued by "
                            + Certificates.issuer(leaf)
                            + ", which is not a trusted CA (trusted: "
                            + trust.describeAnchors()
                            + ")"));
    checkIssuer(issuer, named, now);
    checkRevocation(leaf, issuer, named);
    checkUsage(leaf, role, named);
    checkIdentity(leaf, named, host);
    checkPath(leaf, issuer, named, now);
  }

  private static void checkAlgorithms(X509Certificate leaf, String named)
      throws RefusedCertificateException {
    try {
      Algorithms.requireSupportedKey(leaf.getPublicKey(), named);
    } catch (TlsException e) {
      throw new RefusedCertificateException(Reason.UNSUPPORTED_ALGORITHM, e.getMessage());
    }
    if (!Algorithms.isSupportedSignature(leaf)) {
      throw new RefusedCertificateException(
          Reason.UNSUPPORTED_ALGORITHM,
          named + " is signed with " + leaf.getSigAlgName() + ", which is not accepted");
    }
  }

  private static void checkValidity(X509Certificate leaf, String named, Instant now)
      throws RefusedCertificateException {
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (now.isBefore(notBefore)) {
      throw new RefusedCertificateException(
          Reason.NOT_YET_VALID,
          named + " is not valid yet: valid from " + notBefore + " (now " + now + ")");
    }
    if (now.isAfter(notAfter)) {
      throw new RefusedCertificateException(
          Reason.EXPIRED, named + " expired at " + notAfter + " (now " + now + ")");
    }
  }

  private static void checkIssuer(X509Certificate issuer, String named, Instant now)
      throws RefusedCertificateException {
    Instant notBefore = issuer.getNotBefore().toInstant();
    Instant notAfter = issuer.getNotAfter().toInstant();
    if (now.isBefore(notBefore) || now.isAfter(notAfter)) {
      throw new RefusedCertificateException(
          Reason.ISSUER_NOT_VALID,
          named
              + " is issued by CA "
              + Certificates.describe(issuer)
              + ", which is valid only from "
              + notBefore
              + " to "
              + notAfter
              + " (now "
              + now
              + ")");
    }
  }

  private void checkRevocation(X509Certificate leaf, X509Certificate issuer, String named)
      throws RefusedCertificateException {
    // A CRL past its nextUpdate still counts: revocations do not expire, and refusing every peer
    // because a CRL is stale would turn a publishing delay into an outage.
    X509CRLEntry entry = trust.revocationOf(leaf, issuer).orElse(null);
    if (entry != null) {
      String reason =
          entry.getRevocationReason() == null
              ? "no reason given"
              : entry.getRevocationReason().name().toLowerCase(Locale.ROOT);
      throw new RefusedCertificateException(
          Reason.REVOKED,
          named + " was revoked at " + entry.getRevocationDate().toInstant() + " (" + reason + ")");
    }
  }

  private static void checkUsage(X509Certificate leaf, PeerRole role, String named)
      throws RefusedCertificateException {
    if (leaf.getBasicConstraints() >= 0) {
      throw new RefusedCertificateException(
          Reason.WRONG_USAGE, named + " is a CA certificate, not one a peer may present");
    }
    boolean[] keyUsage = leaf.getKeyUsage();
    if (keyUsage != null && !keyUsage[0]) {
      throw new RefusedCertificateException(
          Reason.WRONG_USAGE, named + " has a key usage without digitalSignature");
    }
    List<String> purposes;
    try {
      purposes = leaf.getExtendedKeyUsage();
    } catch (CertificateParsingException e) {
      throw new RefusedCertificateException(
          Reason.WRONG_USAGE, named + " has a damaged extended key usage", e);
    }
    if (purposes == null || !purposes.contains(role.purposeOid())) {
      throw new RefusedCertificateException(
          Reason.WRONG_USAGE,
          named
              + " is not valid for TLS "
              + role.noun()
              + " authentication: its extended key usage lacks "
              + role.purposeName()
              + " (it has "
              + describePurposes(purposes)
              + ")");
    }
  }

  private void checkIdentity(X509Certificate leaf, String named, String host)
      throws RefusedCertificateException {
    if (!expected.matches(leaf)) {
      throw new RefusedCertificateException(
          Reason.WRONG_IDENTITY,
          named
              + " names "
              + Certificates.alternativeNames(leaf)
              + " but "
              + expected.describe()
              + " is required");
    }
    if (host != null && !namesHost(leaf, host)) {
      throw new RefusedCertificateException(
          Reason.WRONG_IDENTITY,
          named + " names " + Certificates.alternativeNames(leaf) + ", not host " + host);
    }
  }

  private static boolean namesHost(X509Certificate leaf, String host) {
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (IP_LITERAL.matcher(bare).matches()) {
      try {
        InetAddress address = InetAddress.getByName(bare); // a literal: no DNS lookup
        for (String ip : Certificates.ipAddresses(leaf)) {
          if (InetAddress.getByName(ip).equals(address)) {
            return true;
          }
        }
        return false;
      } catch (UnknownHostException e) {
        return false;
      }
    }
    String name = bare.endsWith(".") ? bare.substring(0, bare.length() - 1) : bare;
    return Certificates.dnsNames(leaf).stream().anyMatch(name::equalsIgnoreCase);
  }

  private static void checkPath(
      X509Certificate leaf, X509Certificate issuer, String named, Instant now)
      throws RefusedCertificateException {
    try {
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(issuer, null)));
      parameters.setDate(Date.from(now));
      parameters.setRevocationEnabled(false); // checked above against our own CRLs
      CertPathValidator.getInstance("PKIX")
          .validate(
              CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), parameters);
    } catch (GeneralSecurityException e) {
      throw new RefusedCertificateException(
          Reason.INVALID_CHAIN, named + " fails path validation: " + e.getMessage(), e);
    }
  }

  private static String describePurposes(List<String> oids) {
    if (oids == null) {
      return "no extended key usage";
    }
    return String.join(
        ", ",
        oids.stream()
            .map(
                oid ->
                    oid.equals(PeerRole.SERVER.purposeOid())
                        ? PeerRole.SERVER.purposeName()
                        : oid.equals(PeerRole.CLIENT.purposeOid())
                            ? PeerRole.CLIENT.purposeName()
                            : oid)
            .toList());
  }
}
