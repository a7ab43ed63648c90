package dev.holdfast.cli.serve;

/** Prints whether {@link HangupSignal} installs a handler in this JVM: a child of a test. */
public final class HangupSignalProbe {
  private HangupSignalProbe() {}

  public static void main(String[] args) {
    try (HangupSignal hangup = HangupSignal.install(() -> {})) {
      System.out.println(hangup != null ? "installed" : "not installed");
    }
  }
}
