package dev.holdfast.core.storage;

/**
 * The name of one stored blob: its kind and a lower-case hex name (the config blob is named {@code
 * config}). Names are validated so that no backend ever builds a path from hostile text.
 */
public record BlobName(BlobKind kind, String name) {
  /** The one name of the repository's config blob. */
  public static final BlobName CONFIG = new BlobName(BlobKind.CONFIG, "config");

  public BlobName {
    if (kind == null) {
      throw new IllegalArgumentException("blob kind is missing");
    }
    boolean valid =
        kind == BlobKind.CONFIG ? "config".equals(name) : name != null && isLowerHex(name, 2, 64);
    if (!valid) {
      throw new IllegalArgumentException("invalid " + kind.folder() + " blob name: " + name);
    }
  }

  /** The name relative to the repository root, e.g. {@code data/3f/3fa2...}. */
  public String path() {
    if (kind == BlobKind.CONFIG) {
      return name;
    }
    if (kind.fannedOut()) {
      return kind.folder() + "/" + name.substring(0, 2) + "/" + name;
    }
    return kind.folder() + "/" + name;
  }

  /**
   * True when {@code s} is {@code min} to {@code max} lower-case hex digits. A loop, not a regular
   * expression: names are checked for every blob listed and loaded.
   */
  private static boolean isLowerHex(String s, int min, int max) {
    int n = s.length();
    if (n < min || n > max) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code name} is a valid name for a blob of {@code kind}. */
  public static boolean isValid(BlobKind kind, String name) {
    try {
      new BlobName(kind, name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return path();
  }
}
