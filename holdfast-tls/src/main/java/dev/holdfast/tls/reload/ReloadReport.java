package dev.holdfast.tls.reload;

import java.util.List;

/**
 * What one reload did: whether the peer's own certificate and key, or its trust material, were
 * swapped, and why any file was not taken (the current material stays in force then).
 */
public record ReloadReport(boolean leafReloaded, boolean trustReloaded, List<String> failures) {
  /** Copies the failures. */
  public ReloadReport {
    failures = List.copyOf(failures);
  }

  /** Whether anything was swapped. */
  public boolean changed() {
    return leafReloaded || trustReloaded;
  }
}
