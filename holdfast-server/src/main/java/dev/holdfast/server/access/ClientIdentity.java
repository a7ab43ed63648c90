package dev.holdfast.server.access;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Who a client is, as the access policy names it: the URI SAN of its certificate (such as {@code
 * spiffe://holdfast/agent/node-1}), or, for a certificate without one, its subject's common name.
 */
public record ClientIdentity(String value) {
  /** Longest identity accepted, in characters. */
  public static final int MAX_LENGTH = 1024;

  private static final int URI_SAN = 6;

  public ClientIdentity {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a client identity must not be blank");
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a client identity has at most " + MAX_LENGTH + " characters");
    }
    if (value.chars().anyMatch(c -> Character.isISOControl(c))) {
      throw new IllegalArgumentException("a client identity must not contain control characters");
    }
  }

  /**
   * The identity {@code certificate} names: its one URI SAN, else its one subject CN. A certificate
   * with several URI SANs (or, without any, several CNs) names no single identity and is refused,
   * so that the policy never has to guess which one was meant.
   *
   * @throws IllegalArgumentException saying why the certificate names no identity
   */
  public static ClientIdentity of(X509Certificate certificate) {
    List<String> uris = uriSans(certificate);
    if (uris.size() > 1) {
      throw new IllegalArgumentException(
          "the client certificate has " + uris.size() + " URI SANs; an identity needs exactly one");
    }
    if (uris.size() == 1) {
      return new ClientIdentity(uris.get(0));
    }
    List<String> names = commonNames(certificate.getSubjectX500Principal());
    if (names.size() != 1) {
      throw new IllegalArgumentException(
          "the client certificate has no URI SAN and "
              + (names.isEmpty() ? "no" : names.size())
              + " subject common names; an identity needs exactly one");
    }
    return new ClientIdentity(names.get(0));
  }

  private static List<String> uriSans(X509Certificate certificate) {
    Collection<List<?>> sans;
    try {
      sans = certificate.getSubjectAlternativeNames();
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("the client certificate's SANs do not parse", e);
    }
    List<String> uris = new ArrayList<>();
    if (sans != null) {
      for (List<?> san : sans) {
        if (san.size() >= 2 && Integer.valueOf(URI_SAN).equals(san.get(0))) {
          uris.add(String.valueOf(san.get(1)));
        }
      }
    }
    return uris;
  }

  private static List<String> commonNames(X500Principal subject) {
    List<String> names = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          names.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("the client certificate's subject does not parse", e);
    }
    return names;
  }

  @Override
  public String toString() {
    return value;
  }
}
