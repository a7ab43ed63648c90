package dev.holdfast.tls.trust;

import dev.holdfast.tls.material.Certificates;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * Who the peer must be, beyond holding a certificate from a trusted CA: a URI SAN such as {@code
 * spiffe://holdfast/server}, any URI under a prefix such as {@code spiffe://holdfast/agent/}, a DNS
 * name, or anyone (when the application authorises by identity itself).
 */
public sealed interface PeerIdentity {

  /** Whether {@code certificate} names this identity among its subject alternative names. */
  boolean matches(X509Certificate certificate);

  /** The identity as a message shows it. */
  String describe();

  /** Any certificate from a trusted CA. */
  static PeerIdentity any() {
    return new Anyone();
  }

  /** A certificate with exactly this URI SAN. */
  static PeerIdentity uri(String uri) {
    return new Uri(uri);
  }

  /** A certificate with a URI SAN that starts with {@code prefix}. */
  static PeerIdentity uriPrefix(String prefix) {
    return new UriPrefix(prefix);
  }

  /** A certificate with this DNS name SAN (compared without regard to case). */
  static PeerIdentity dnsName(String name) {
    return new DnsName(name.toLowerCase(Locale.ROOT));
  }

  /** Anyone with a certificate from a trusted CA. */
  record Anyone() implements PeerIdentity {
    @Override
    public boolean matches(X509Certificate certificate) {
      return true;
    }

    @Override
    public String describe() {
      return "any identity";
    }
  }

  /** Exactly one URI. */
  record Uri(String uri) implements PeerIdentity {
    @Override
    public boolean matches(X509Certificate certificate) {
      return Certificates.uris(certificate).contains(uri);
    }

    @Override
    public String describe() {
      return "URI:" + uri;
    }
  }

  /** Every URI under a prefix. */
  record UriPrefix(String prefix) implements PeerIdentity {
    @Override
    public boolean matches(X509Certificate certificate) {
      return Certificates.uris(certificate).stream().anyMatch(u -> u.startsWith(prefix));
    }

    @Override
    public String describe() {
      return "a URI under " + prefix;
    }
  }

  /** One DNS name. */
  record DnsName(String name) implements PeerIdentity {
    @Override
    public boolean matches(X509Certificate certificate) {
      return Certificates.dnsNames(certificate).stream().anyMatch(name::equalsIgnoreCase);
    }

    @Override
    public String describe() {
      return "DNS:" + name;
    }
  }
}
