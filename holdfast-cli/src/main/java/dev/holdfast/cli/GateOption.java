package dev.holdfast.cli;

import dev.holdfast.sast.posture.Gate;
import picocli.CommandLine.Option;

/** The {@code --gate} option: the lowest severity of an open finding that makes a version fail. */
public final class GateOption {
  @Option(
      names = "--gate",
      paramLabel = "SEVERITY",
      description =
          "A version is clean when it has no open finding at or above SEVERITY: critical, high"
              + " (the default), medium, low, or info (any finding).")
  String gate;

  /** The gate named, {@link Gate#DEFAULT} when none was. */
  public Gate gate() {
    return gate == null ? Gate.DEFAULT : Gate.parse(gate);
  }

  /** True when the user gave {@code --gate}. */
  public boolean given() {
    return gate != null;
  }
}
