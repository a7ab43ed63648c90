package dev.holdfast.cli;

import dev.holdfast.core.HoldfastException;
import dev.holdfast.tls.TlsException;

/**
 * The documented exit codes of {@code holdfast} (docs/CLI.md), and the one place where failures are
 * mapped to them.
 */
public enum ExitCode {
  OK(0),
  ERROR(1),
  USAGE(2),
  PARTIAL(3),
  REPOSITORY_NOT_FOUND(10),
  WRONG_PASSPHRASE(11),
  CORRUPT(12),
  STORAGE(13),
  REPOSITORY_EXISTS(14),
  NOT_FOUND(15),
  UNSUPPORTED_FORMAT(16),
  LOCKED(17),
  TLS_MATERIAL(20),
  CA_REFUSED(21),
  CERTIFICATE_EXPIRING(22);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The process exit status. */
  public int code() {
    return code;
  }

  /** The exit code for a failure a user can hit. */
  public static ExitCode of(HoldfastException e) {
    switch (e.kind()) {
      case USAGE:
        return USAGE;
      case REPOSITORY_NOT_FOUND:
        return REPOSITORY_NOT_FOUND;
      case REPOSITORY_EXISTS:
        return REPOSITORY_EXISTS;
      case WRONG_PASSPHRASE:
        return WRONG_PASSPHRASE;
      case CORRUPT:
        return CORRUPT;
      case STORAGE:
        return STORAGE;
      case NOT_FOUND:
        return NOT_FOUND;
      case UNSUPPORTED_FORMAT:
        return UNSUPPORTED_FORMAT;
      case LOCKED:
        return LOCKED;
      default:
        return ERROR;
    }
  }

  /** The exit code for a failure of the TLS module (docs/CLI.md, "Exit codes"). */
  public static ExitCode of(TlsException e) {
    switch (e.kind()) {
      case USAGE:
        return USAGE;
      case WRONG_PASSWORD:
        return WRONG_PASSPHRASE;
      case STORAGE:
      case UNREACHABLE:
        return STORAGE;
      case NOT_FOUND:
        return NOT_FOUND;
      case MATERIAL:
      case UNSUPPORTED:
        return TLS_MATERIAL;
      case REFUSED:
        return CA_REFUSED;
      default:
        return ERROR;
    }
  }
}
