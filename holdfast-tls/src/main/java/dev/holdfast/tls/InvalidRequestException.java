package dev.holdfast.tls;

/**
 * A malformed request: a bad DNS name, IP address, URI, lifetime or setting, named in the message.
 */
public final class InvalidRequestException extends TlsException {
  public InvalidRequestException(String message) {
    super(Kind.USAGE, message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(Kind.USAGE, message, cause);
  }
}
