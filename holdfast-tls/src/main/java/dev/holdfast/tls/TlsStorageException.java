package dev.holdfast.tls;

/**
 * Reading or writing a TLS file failed: missing, not permitted, or the disk refused; the message
 * says which file and what was being done.
 */
public final class TlsStorageException extends TlsException {
  public TlsStorageException(String message) {
    super(Kind.STORAGE, message);
  }

  public TlsStorageException(String message, Throwable cause) {
    super(Kind.STORAGE, message, cause);
  }
}
