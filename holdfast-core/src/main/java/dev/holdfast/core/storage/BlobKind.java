package dev.holdfast.core.storage;

/**
 * The namespaces of a repository. Each kind is a folder (or key prefix) of its own; packs are
 * fanned out over 256 sub-folders by the first two hex characters of their name.
 */
public enum BlobKind {
  CONFIG("config", false, true),
  KEY("keys", false, true),
  PACK("data", true, true),
  INDEX("index", false, true),
  SNAPSHOT("snapshots", false, true),
  /** Who is using the repository right now (docs/DESIGN.md, "Locks"). */
  LOCK("locks", false, false),
  /** Snapshots that retention must never remove: one sealed pin per snapshot, named by its id. */
  PIN("pins", false, false),
  /** Packs that a prune has condemned and will delete once no writer can need them. */
  DELETION("deletions", false, false),
  /**
   * Security reports (normalised SAST findings) for one application version each, named by keyed
   * hashes of the version and the report (docs/FORMAT.md, "Security reports").
   */
  REPORT("reports", false, false),
  /** Waivers: decisions to accept a finding until a date, one sealed blob each. */
  WAIVER("waivers", false, false);

  private final String folder;
  private final boolean fannedOut;
  private final boolean essential;

  BlobKind(String folder, boolean fannedOut, boolean essential) {
    this.folder = folder;
    this.fannedOut = fannedOut;
    this.essential = essential;
  }

  /**
   * True when every repository has blobs of this kind from its creation on, so that finding none (a
   * missing folder) means damage, not an empty set. Kinds that come and go, or that a newer version
   * added, are not essential.
   */
  public boolean essential() {
    return essential;
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
