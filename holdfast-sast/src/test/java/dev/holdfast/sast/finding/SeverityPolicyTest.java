package dev.holdfast.sast.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeverityPolicyTest {

  @ParameterizedTest(name = "security-severity {0} is {1}")
  @CsvSource({
    "10.0, CRITICAL",
    "9.8, CRITICAL",
    "9.0, CRITICAL",
    "8.99, HIGH",
    "8.9, HIGH",
    "7.0, HIGH",
    "6.99, MEDIUM",
    "6.9, MEDIUM",
    "4.0, MEDIUM",
    "3.99, LOW",
    "3.9, LOW",
    "0.1, LOW",
    "0.01, LOW",
    "0.0, NONE"
  })
  void securitySeverityUsesClosedBelowCvssBands(double score, Severity expected) {
    assertThat(SeverityPolicy.fromSecuritySeverity(score)).isEqualTo(expected);
    assertThat(SeverityPolicy.github().severityOf(score, "note")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "level {0} is {1}")
  @CsvSource(
      value = {"error, HIGH", "warning, MEDIUM", "note, LOW", "none, NONE", "NULL, MEDIUM"},
      nullValues = "NULL")
  void levelMapsLikeGitHubWhenThereIsNoSecuritySeverity(String level, Severity expected) {
    assertThat(SeverityPolicy.github().severityOf(null, level)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "out-of-range score {0} falls back to the level")
  @CsvSource({"-0.1", "10.01", "NaN", "Infinity"})
  void scoreOutsideZeroToTenFallsBackToLevel(double score) {
    assertThat(SeverityPolicy.github().severityOf(score, "error")).isEqualTo(Severity.HIGH);
    assertThatThrownBy(() -> SeverityPolicy.fromSecuritySeverity(score))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 10]");
  }

  @Test
  void unknownLevelCountsAsSarifDefaultWarning() {
    assertThat(SeverityPolicy.github().fromLevel("catastrophic")).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void aConfiguredPolicyChangesOnlyTheLevelTable() {
    SeverityPolicy strict =
        new SeverityPolicy(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW);

    assertThat(strict.severityOf(null, "error")).isEqualTo(Severity.CRITICAL);
    assertThat(strict.severityOf(null, "none")).isEqualTo(Severity.LOW);
    assertThat(strict.severityOf(5.0, "error")).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void severitiesRankFromCriticalDown() {
    assertThat(Severity.CRITICAL.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.HIGH.atLeast(Severity.HIGH)).isTrue();
    assertThat(Severity.MEDIUM.atLeast(Severity.HIGH)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aPolicyParsedFromLevelSeverityPairsChangesOnlyTheLevelsNamed() {
    SeverityPolicy p = SeverityPolicy.parse("error=critical, note=NONE");

    org.assertj.core.api.Assertions.assertThat(p)
        .isEqualTo(
            new SeverityPolicy(Severity.CRITICAL, Severity.MEDIUM, Severity.NONE, Severity.NONE));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeverityPolicy.parse("fatal=high"))
        .hasMessageContaining("'fatal=high' is not LEVEL=SEVERITY");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SeverityPolicy.parse("error=urgent"))
        .hasMessageContaining("the severity is one of critical, high, medium, low, none");
  }
}
