package dev.holdfast.server.access;

import java.util.Locale;

/**
 * What an identity may do in one repository (docs/SERVER.md, "Permissions"). They are independent:
 * a backup needs read and append, a prune all three.
 */
public enum Permission {
  /** Read, stat and list every blob; take and release its own locks. */
  READ,
  /** Store new blobs (never overwrite), except deletion records; take and release its own locks. */
  APPEND,
  /** Remove blobs, anyone's locks included, and store deletion records (prune, forget, unlock). */
  DELETE;

  /** The lower-case name used in policy files and error bodies. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The permission named {@code label}. */
  public static Permission parse(String label) {
    for (Permission permission : values()) {
      if (permission.label().equals(label)) {
        return permission;
      }
    }
    throw new IllegalArgumentException(
        "unknown permission '" + label + "': use read, append or delete");
  }
}
