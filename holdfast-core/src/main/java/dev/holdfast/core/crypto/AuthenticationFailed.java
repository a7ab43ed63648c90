package dev.holdfast.core.crypto;

/**
 * Thrown when AEAD authentication fails: the key is wrong or the bytes were modified. Unchecked,
 * and its message never contains secret data; callers wrap it into a {@code CorruptObject} that
 * names the object.
 */
public final class AuthenticationFailed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AuthenticationFailed(String message) {
    super(message);
  }
}
