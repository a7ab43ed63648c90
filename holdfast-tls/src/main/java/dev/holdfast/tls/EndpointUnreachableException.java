package dev.holdfast.tls;

/**
 * A network endpoint whose certificates were asked for could not be reached, or did not complete
 * enough of a TLS handshake to show them: unknown host, connection refused, timed out, not TLS.
 */
public final class EndpointUnreachableException extends TlsException {
  public EndpointUnreachableException(String message) {
    super(Kind.UNREACHABLE, message);
  }

  public EndpointUnreachableException(String message, Throwable cause) {
    super(Kind.UNREACHABLE, message, cause);
  }
}
