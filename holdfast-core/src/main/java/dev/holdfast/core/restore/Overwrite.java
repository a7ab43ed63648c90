package dev.holdfast.core.restore;

/** What restore does when the target already has an entry of the same name. */
public enum Overwrite {
  /** Replace it (the default): the target ends up exactly as the snapshot says. */
  ALWAYS,
  /** Replace a file only when its size or modification time differ from the snapshot's. */
  IF_CHANGED,
  /** Keep what is there and report it. */
  NEVER
}
