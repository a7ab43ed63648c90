package dev.holdfast.core.content;

/**
 * What a blob inside a pack holds: a piece of file content or a directory-tree object. Each type
 * has a stable one-byte code that packs and index files store, so the codes never change.
 */
public enum BlobType {
  /** A chunk of file content. */
  DATA((byte) 0),
  /** A serialized directory-tree object. */
  TREE((byte) 1);

  private final byte code;

  BlobType(byte code) {
    this.code = code;
  }

  /** The stable one-byte code written into packs and index files: DATA=0, TREE=1. */
  public byte code() {
    return code;
  }

  /**
   * The type with the given code.
   *
   * @throws IllegalArgumentException if no type has that code
   */
  public static BlobType fromCode(int code) {
    return switch (code) {
      case 0 -> DATA;
      case 1 -> TREE;
      default -> throw new IllegalArgumentException("unknown blob type code " + code);
    };
  }
}
