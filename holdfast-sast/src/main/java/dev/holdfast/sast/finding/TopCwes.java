package dev.holdfast.sast.finding;

import java.util.Set;

/**
 * MITRE's 2024 CWE Top 25 Most Dangerous Software Weaknesses. Many tools (SpotBugs among them) give
 * no security-severity and rate even an injection "warning"; a security finding of one of these
 * weaknesses is then treated as at least high (docs/SAST.md, "Severity").
 */
public final class TopCwes {
  /** The 2024 list, by CWE id. */
  static final Set<String> TOP_25_2024 =
      Set.of(
          "CWE-79", "CWE-787", "CWE-89", "CWE-352", "CWE-22", "CWE-125", "CWE-78", "CWE-416",
          "CWE-862", "CWE-434", "CWE-94", "CWE-20", "CWE-77", "CWE-287", "CWE-269", "CWE-502",
          "CWE-200", "CWE-863", "CWE-918", "CWE-119", "CWE-476", "CWE-798", "CWE-190", "CWE-400",
          "CWE-306");

  private TopCwes() {}

  /** True when {@code cwe} (as {@code CWE-89}) is on the list. */
  public static boolean contains(String cwe) {
    return TOP_25_2024.contains(cwe);
  }

  /**
   * True for a security finding of a listed weakness: one of {@code cwes} is on the list and one of
   * {@code tags} is {@code security} (any case), as CodeQL, Semgrep and FindSecBugs tag their
   * security rules. The tag keeps quality rules that cite a CWE (a possible null dereference,
   * CWE-476) at the tool's own level.
   */
  public static boolean dangerous(java.util.List<String> cwes, java.util.List<String> tags) {
    return cwes.stream().anyMatch(TopCwes::contains)
        && tags.stream().anyMatch(t -> t.equalsIgnoreCase("security"));
  }
}
