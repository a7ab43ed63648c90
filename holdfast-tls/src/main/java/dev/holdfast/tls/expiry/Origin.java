package dev.holdfast.tls.expiry;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a watched certificate was found: a certificate file, an entry of a keystore, or a live
 * endpoint's handshake, and its position in the chain found there (0 is the leaf, or the first
 * certificate of a bundle).
 *
 * @param location the file's path or the endpoint's {@code host:port}
 * @param alias the keystore entry; empty for files and endpoints
 */
public record Origin(Kind kind, String location, Optional<String> alias, int position) {

  /** The kinds of place a certificate comes from. */
  public enum Kind {
    /** A PEM or DER certificate file. */
    FILE,
    /** An entry of a PKCS#12 or JKS keystore. */
    KEYSTORE,
    /** The chain a TLS server showed in a handshake. */
    ENDPOINT;

    /** "file", "keystore", "endpoint". */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates. */
  public Origin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(alias, "alias");
    if (position < 0) {
      throw new IllegalArgumentException("chain position " + position);
    }
  }

  /** A certificate at {@code position} of the file at {@code location}. */
  public static Origin file(String location, int position) {
    return new Origin(Kind.FILE, location, Optional.empty(), position);
  }

  /** A certificate at {@code position} of keystore entry {@code alias}. */
  public static Origin keystore(String location, String alias, int position) {
    return new Origin(Kind.KEYSTORE, location, Optional.of(alias), position);
  }

  /** A certificate at {@code position} of the chain endpoint {@code hostPort} showed. */
  public static Origin endpoint(String hostPort, int position) {
    return new Origin(Kind.ENDPOINT, hostPort, Optional.empty(), position);
  }

  /** The source without the position: "/etc/tls/tls.crt", "store.p12#server", "host:443". */
  public String source() {
    return alias.map(a -> location + "#" + a).orElse(location);
  }

  /** The source with the chain position: "/etc/tls/tls.crt[0]". */
  public String describe() {
    return source() + "[" + position + "]";
  }
}
