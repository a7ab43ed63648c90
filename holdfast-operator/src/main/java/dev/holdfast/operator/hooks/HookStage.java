package dev.holdfast.operator.hooks;

import java.util.Locale;

/** When a hook runs: before the volume is read, or after the backup ended (however it ended). */
public enum HookStage {
  /**
   * Before the volume is read; the first failing hook with {@code onError: fail} stops the rest.
   */
  PRE,
  /** After the backup ended; every post hook runs, whatever happened before. */
  POST;

  /** {@code pre} or {@code post}, as status and events write it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
