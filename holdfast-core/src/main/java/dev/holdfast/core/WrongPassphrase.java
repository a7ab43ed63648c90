package dev.holdfast.core;

/** No key slot of the repository opens with the passphrase given. */
public final class WrongPassphrase extends HoldfastException {
  public WrongPassphrase(String message) {
    super(Kind.WRONG_PASSPHRASE, message);
  }

  public WrongPassphrase(String message, Throwable cause) {
    super(Kind.WRONG_PASSPHRASE, message, cause);
  }
}
