package dev.holdfast.core.lock;

/**
 * How a lock shares the repository. Backups, copies, restores, checks and forgets share it with
 * each other and with prune; prune is exclusive only against another prune, since two prunes would
 * rewrite the same index files.
 */
public enum LockMode {
  SHARED,
  EXCLUSIVE
}
