package dev.holdfast.tls;

/**
 * Root of the TLS failures a user can hit: bad certificate or key files, wrong passwords, refused
 * authority operations. Each subclass carries a one-line message that names the file or object and
 * what is wrong (never a secret) and a {@link Kind} that a command maps to an exit code in one
 * place. holdfast-tls depends on no other Holdfast module, so this mirrors core's
 * HoldfastException.
 */
public abstract class TlsException extends RuntimeException {

  /** The classes of failure. */
  public enum Kind {
    /** A file does not hold what it should: damaged PEM, no certificate, a key of another cert. */
    MATERIAL,
    /** The algorithm, curve, key size or signature is not one Holdfast accepts. */
    UNSUPPORTED,
    /** An encrypted key or keystore does not open with the password given. */
    WRONG_PASSWORD,
    /** A file could not be read or written (missing, permissions, full disk). */
    STORAGE,
    /** A serial or certificate named by the user is not known. */
    NOT_FOUND,
    /** The authority refuses an operation in its current state (a rotation step too early). */
    REFUSED,
    /** A request is malformed: a bad DNS name, IP address, URI or lifetime. */
    USAGE,
    /** A network endpoint could not be reached or did not show its certificates. */
    UNREACHABLE
  }

  private final Kind kind;

  protected TlsException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  protected TlsException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** What class of failure this is. */
  public Kind kind() {
    return kind;
  }
}
