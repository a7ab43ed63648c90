package dev.holdfast.sast.finding;

import java.util.List;
import java.util.Objects;

/**
 * One SARIF result, normalised: which tool and rule reported what, where, how severe, whether it is
 * suppressed, and the {@link Fingerprint} that identifies it across runs and versions. Strings the
 * report did not give are empty, never null.
 *
 * @param runIndex index of the SARIF run the result came from, in file order
 * @param cwes CWE ids ("CWE-79") found in the rule's tags or id, sorted, without duplicates
 * @param tags the rule's {@code properties.tags} then the result's, in report order, without
 *     duplicates
 */
public record Finding(
    int runIndex,
    Tool tool,
    String ruleId,
    String ruleName,
    Severity severity,
    String message,
    Location location,
    Fingerprint fingerprint,
    List<String> cwes,
    List<String> tags,
    boolean suppressed,
    BaselineState baselineState) {

  public Finding {
    Objects.requireNonNull(tool, "tool");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(fingerprint, "fingerprint");
    cwes = List.copyOf(cwes);
    tags = List.copyOf(tags);
    Objects.requireNonNull(baselineState, "baselineState");
  }
}
