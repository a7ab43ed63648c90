package dev.holdfast.sast.finding;

import java.util.Objects;

/** The analysis tool that reported a finding: its driver name and version (empty if unknown). */
public record Tool(String name, String version) {
  public Tool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(version, "version");
  }
}
