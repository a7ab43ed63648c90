package dev.holdfast.tls.ca;

import dev.holdfast.tls.InvalidRequestException;
import java.util.Locale;

/** Why a certificate was revoked, with the reason codes of RFC 5280 section 5.3.1. */
public enum RevocationReason {
  /** No reason given. */
  UNSPECIFIED(0),
  /** The private key is known or suspected to be compromised. */
  KEY_COMPROMISE(1),
  /** The issuing CA's key is known or suspected to be compromised. */
  CA_COMPROMISE(2),
  /** The subject's name or role changed. */
  AFFILIATION_CHANGED(3),
  /** A new certificate replaced this one. */
  SUPERSEDED(4),
  /** The component is gone. */
  CESSATION_OF_OPERATION(5);

  private final int code;

  RevocationReason(int code) {
    this.code = code;
  }

  /** The CRLReason code. */
  public int code() {
    return code;
  }

  /** The reason for a CRLReason code; unknown codes read as {@link #UNSPECIFIED}. */
  public static RevocationReason ofCode(int code) {
    for (RevocationReason reason : values()) {
      if (reason.code == code) {
        return reason;
      }
    }
    return UNSPECIFIED;
  }

  /** Parses a name as written on the command line: "key-compromise", "superseded". */
  public static RevocationReason parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "unknown revocation reason '"
              + name
              + "' (use unspecified, key-compromise, ca-compromise, affiliation-changed,"
              + " superseded or cessation-of-operation)");
    }
  }

  /** The command-line spelling: "key-compromise". */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
