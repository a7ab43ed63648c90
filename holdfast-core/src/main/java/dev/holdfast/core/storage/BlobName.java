package dev.holdfast.core.storage;

import java.util.regex.Pattern;

/**
 * The name of one stored blob: its kind and a lower-case hex name (the config blob is named {@code
 * config}). Names are validated so that no backend ever builds a path from hostile text.
 */
public record BlobName(BlobKind kind, String name) {
  private static final Pattern HEX_NAME = Pattern.compile("[0-9a-f]{2,64}");

  /** The one name of the repository's config blob. */
  public static final BlobName CONFIG = new BlobName(BlobKind.CONFIG, "config");

  public BlobName {
    if (kind == null) {
      throw new IllegalArgumentException("blob kind is missing");
    }
    boolean valid =
        kind == BlobKind.CONFIG
            ? "config".equals(name)
            : name != null && HEX_NAME.matcher(name).matches();
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
