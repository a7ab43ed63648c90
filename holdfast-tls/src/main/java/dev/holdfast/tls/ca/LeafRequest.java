package dev.holdfast.tls.ca;

import dev.holdfast.tls.InvalidRequestException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a leaf certificate should say: a common name, the identities it proves (DNS names, IP
 * addresses, URIs such as {@code spiffe://holdfast/agent/node-1}), what it may be used for and how
 * long it lives. Every name is validated here, so a bad one is refused before any key is made.
 *
 * @param commonName the subject CN: a label for people; peers check the alternative names
 * @param dnsNames DNS names, lower case, no wildcards
 * @param ipAddresses IP address literals, normalised
 * @param uris absolute URIs; SPIFFE IDs are checked against the SPIFFE rules
 * @param usage server, client or both
 * @param lifetime from issuance to expiry (the certificate is also valid {@link
 *     CertificateAuthority#CLOCK_SKEW} before issuance)
 * @param keyAlgorithm the algorithm of the new key pair
 */
public record LeafRequest(
    String commonName,
    List<String> dnsNames,
    List<String> ipAddresses,
    List<String> uris,
    Usage usage,
    Duration lifetime,
    KeyAlgorithm keyAlgorithm) {

  /** Lifetime of a component's certificate unless configured: short, because it renews itself. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);

  /** Shortest lifetime accepted. */
  public static final Duration MIN_LIFETIME = Duration.ofMinutes(10);

  /** Longest lifetime accepted (the CA/Browser Forum limit). */
  public static final Duration MAX_LIFETIME = Duration.ofDays(397);

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");
  private static final Pattern SPIFFE_TRUST_DOMAIN = Pattern.compile("[a-z0-9._-]+");

  /** Validates and normalises every field. */
  public LeafRequest {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(keyAlgorithm, "keyAlgorithm");
    commonName = validCommonName(commonName);
    dnsNames = dnsNames.stream().map(LeafRequest::validDnsName).distinct().toList();
    ipAddresses = ipAddresses.stream().map(LeafRequest::validIpAddress).distinct().toList();
    uris = uris.stream().map(LeafRequest::validUri).distinct().toList();
    if (dnsNames.isEmpty() && ipAddresses.isEmpty() && uris.isEmpty()) {
      throw new InvalidRequestException(
          "certificate for '"
              + commonName
              + "' names no DNS name, IP address or URI; peers check those, not the CN");
    }
    if (lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw new InvalidRequestException(
          "certificate lifetime "
              + lifetime
              + " is out of range ("
              + MIN_LIFETIME.toMinutes()
              + " minutes to "
              + MAX_LIFETIME.toDays()
              + " days)");
    }
  }

  /** A request for {@code commonName} with {@code usage}, no names yet, the default lifetime. */
  public static LeafRequest of(String commonName, Usage usage, String... uris) {
    return new LeafRequest(
        commonName,
        List.of(),
        List.of(),
        Arrays.asList(uris),
        usage,
        DEFAULT_LIFETIME,
        KeyAlgorithm.ECDSA_P256);
  }

  /** This request with {@code names} added as DNS names. */
  public LeafRequest withDnsNames(String... names) {
    return new LeafRequest(
        commonName, plus(dnsNames, names), ipAddresses, uris, usage, lifetime, keyAlgorithm);
  }

  /** This request with {@code addresses} added as IP addresses. */
  public LeafRequest withIpAddresses(String... addresses) {
    return new LeafRequest(
        commonName, dnsNames, plus(ipAddresses, addresses), uris, usage, lifetime, keyAlgorithm);
  }

  /** This request with {@code more} added as URIs. */
  public LeafRequest withUris(String... more) {
    return new LeafRequest(
        commonName, dnsNames, ipAddresses, plus(uris, more), usage, lifetime, keyAlgorithm);
  }

  /** This request with another lifetime. */
  public LeafRequest withLifetime(Duration newLifetime) {
    return new LeafRequest(
        commonName, dnsNames, ipAddresses, uris, usage, newLifetime, keyAlgorithm);
  }

  /** This request with another key algorithm. */
  public LeafRequest withKeyAlgorithm(KeyAlgorithm algorithm) {
    return new LeafRequest(commonName, dnsNames, ipAddresses, uris, usage, lifetime, algorithm);
  }

  private static List<String> plus(List<String> list, String... more) {
    List<String> all = new ArrayList<>(list);
    all.addAll(Arrays.asList(more));
    return all;
  }

  private static String validCommonName(String name) {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new InvalidRequestException("a certificate common name has 1 to 64 characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidRequestException("certificate common name has a control character");
      }
    }
    return name;
  }

  static String validDnsName(String name) {
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".")) {
      lower = lower.substring(0, lower.length() - 1);
    }
    boolean valid = !lower.isEmpty() && lower.length() <= 253;
    for (String label : lower.split("\\.", -1)) {
      valid &= DNS_LABEL.matcher(label).matches();
    }
    if (!valid) {
      throw new InvalidRequestException(
          "not a DNS name: '" + name + "' (letters, digits and hyphens; no wildcards)");
    }
    return lower;
  }

  static String validIpAddress(String address) {
    String text = address.strip();
    boolean v4 = IPV4.matcher(text).matches();
    boolean v6 = text.contains(":") && IPV6.matcher(text).matches();
    if (v4) {
      for (String part : text.split("\\.")) {
        v4 &= Integer.parseInt(part) <= 255;
      }
    }
    if (!v4 && !v6) {
      throw new InvalidRequestException("not an IP address: '" + address + "'");
    }
    try {
      // a literal only (checked above), so this never asks DNS
      return InetAddress.getByName(text).getHostAddress();
    } catch (UnknownHostException e) {
      throw new InvalidRequestException("not an IP address: '" + address + "'");
    }
  }

  static String validUri(String text) {
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw new InvalidRequestException("not a URI: '" + text + "' (" + e.getReason() + ")");
    }
    if (!uri.isAbsolute() || uri.toString().length() > 2048) {
      throw new InvalidRequestException(
          "not an absolute URI: '" + text + "' (e.g. spiffe://holdfast/agent/node-1)");
    }
    if ("spiffe".equalsIgnoreCase(uri.getScheme())) {
      boolean valid =
          uri.getScheme().equals("spiffe")
              && uri.getRawAuthority() != null
              && uri.getHost() != null
              && SPIFFE_TRUST_DOMAIN.matcher(uri.getRawAuthority()).matches()
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && !uri.getRawPath().endsWith("/");
      if (!valid) {
        throw new InvalidRequestException(
            "not a SPIFFE ID: '"
                + text
                + "' (spiffe://trust-domain/path, lower-case trust domain, no port, query or"
                + " fragment)");
      }
    }
    return uri.toString();
  }
}
