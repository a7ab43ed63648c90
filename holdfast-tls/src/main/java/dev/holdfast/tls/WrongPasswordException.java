package dev.holdfast.tls;

/**
 * An encrypted private key or a keystore that does not open with the password given; since the
 * password also guards integrity, a damaged file looks the same.
 */
public final class WrongPasswordException extends TlsException {
  public WrongPasswordException(String message) {
    super(Kind.WRONG_PASSWORD, message);
  }

  public WrongPasswordException(String message, Throwable cause) {
    super(Kind.WRONG_PASSWORD, message, cause);
  }
}
