package dev.holdfast.core;

/**
 * Root of the failures a user can hit. Each subclass carries a message a person understands (never
 * a secret) and a {@link Kind} that the CLI maps to an exit code in one place.
 */
public abstract class HoldfastException extends RuntimeException {

  /** The classes of failure, each with its own documented exit code. */
  public enum Kind {
    /** Bad arguments or input that the user can fix. */
    USAGE,
    /** The repository does not exist where it was looked for. */
    REPOSITORY_NOT_FOUND,
    /** A repository already exists where one was to be created. */
    REPOSITORY_EXISTS,
    /** No key slot opens with the given passphrase. */
    WRONG_PASSPHRASE,
    /** Stored data failed authentication or does not parse. */
    CORRUPT,
    /** Storage refused or failed (full disk, permissions, unreachable). */
    STORAGE,
    /** A snapshot, path or key named by the user does not exist. */
    NOT_FOUND,
    /** The repository was written by a newer, unknown format version. */
    UNSUPPORTED_FORMAT,
    /** Another process holds the repository exclusively, or this one lost its lock. */
    LOCKED
  }

  private final Kind kind;

  protected HoldfastException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  protected HoldfastException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  /** What class of failure this is. */
  public Kind kind() {
    return kind;
  }
}
