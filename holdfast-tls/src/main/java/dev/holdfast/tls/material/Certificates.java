package dev.holdfast.tls.material;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * Reads the names out of a certificate for messages and identity checks: the subject, the serial,
 * and the subject alternative names by type.
 */
public final class Certificates {
  /** GeneralName tags of RFC 5280 as {@link X509Certificate#getSubjectAlternativeNames} gives. */
  private static final int DNS = 2;

  private static final int URI = 6;
  private static final int IP = 7;

  private Certificates() {}

  /** "CN=agent-1 (serial 5f3a…)": how a certificate is named in every message. */
  public static String describe(X509Certificate certificate) {
    return subject(certificate) + " (serial " + SerialNumber.of(certificate) + ")";
  }

  /** The subject distinguished name in RFC 2253 form, or "(no subject)". */
  public static String subject(X509Certificate certificate) {
    String name = certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    return name.isEmpty() ? "(no subject)" : name;
  }

  /** The issuer distinguished name in RFC 2253 form. */
  public static String issuer(X509Certificate certificate) {
    return certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
  }

  /** The DNS names among the subject alternative names. */
  public static List<String> dnsNames(X509Certificate certificate) {
    return alternativeNames(certificate, DNS);
  }

  /** The URIs among the subject alternative names, such as {@code spiffe://holdfast/agent/n1}. */
  public static List<String> uris(X509Certificate certificate) {
    return alternativeNames(certificate, URI);
  }

  /** The IP addresses among the subject alternative names, in the JDK's textual form. */
  public static List<String> ipAddresses(X509Certificate certificate) {
    return alternativeNames(certificate, IP);
  }

  /** Every subject alternative name as "DNS:x", "IP:x", "URI:x", for messages. */
  public static List<String> alternativeNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    dnsNames(certificate).forEach(n -> names.add("DNS:" + n));
    ipAddresses(certificate).forEach(n -> names.add("IP:" + n));
    uris(certificate).forEach(n -> names.add("URI:" + n));
    return names;
  }

  private static List<String> alternativeNames(X509Certificate certificate, int type) {
    Collection<List<?>> all;
    try {
      all = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      return List.of(); // a damaged extension names nobody; the caller refuses on that
    }
    if (all == null) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    for (List<?> entry : all) {
      if (entry.size() >= 2
          && entry.get(0) instanceof Integer tag
          && tag == type
          && entry.get(1) instanceof String value) {
        names.add(value);
      }
    }
    return List.copyOf(names);
  }
}
