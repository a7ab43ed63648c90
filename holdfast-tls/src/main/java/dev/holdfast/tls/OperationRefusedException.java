package dev.holdfast.tls;

/**
 * The certificate authority refuses an operation in its current state, such as a rotation step
 * taken before every peer can have loaded the new trust bundle.
 */
public final class OperationRefusedException extends TlsException {
  public OperationRefusedException(String message) {
    super(Kind.REFUSED, message);
  }

  public OperationRefusedException(String message, Throwable cause) {
    super(Kind.REFUSED, message, cause);
  }
}
