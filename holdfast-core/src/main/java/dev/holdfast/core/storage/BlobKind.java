package dev.holdfast.core.storage;

/**
 * The namespaces of a repository. Each kind is a folder (or key prefix) of its own; packs are
 * fanned out over 256 sub-folders by the first two hex characters of their name.
 */
public enum BlobKind {
  CONFIG("config", false),
  KEY("keys", false),
  PACK("data", true),
  INDEX("index", false),
  SNAPSHOT("snapshots", false),
  LOCK("locks", false);

  private final String folder;
  private final boolean fannedOut;

  BlobKind(String folder, boolean fannedOut) {
    this.folder = folder;
    this.fannedOut = fannedOut;
  }

  /** The folder (or key prefix) holding blobs of this kind. */
  public String folder() {
    return folder;
  }

  /** True when blobs of this kind live in sub-folders named by their first two characters. */
  public boolean fannedOut() {
    return fannedOut;
  }
}
