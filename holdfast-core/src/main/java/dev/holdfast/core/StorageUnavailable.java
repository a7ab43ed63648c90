package dev.holdfast.core;

/**
 * Storage failed. {@link #permanent()} says whether retrying can help (a refused or missing object,
 * a full disk) or not; integrity failures are never reported through this type.
 */
public final class StorageUnavailable extends HoldfastException {
  private final boolean permanent;

  public StorageUnavailable(String message, boolean permanent, Throwable cause) {
    super(Kind.STORAGE, message, cause);
    this.permanent = permanent;
  }

  /** True when the same request will fail again: retrying is pointless. */
  public boolean permanent() {
    return permanent;
  }
}
