package dev.holdfast.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.operator.api.RetentionSpec;
import dev.holdfast.sast.posture.Gate;
import org.junit.jupiter.api.Test;

class RetentionRulesTest {
  @Test
  void theKeepRulesAreForgetsRulesWithPostureProtectionAndPruneByDefault() {
    RetentionRules rules =
        RetentionRules.of(new RetentionSpec(2, 24, 7, 5, 12, 3, "36h", null, null, null));

    assertThat(rules.keep())
        .isEqualTo(
            KeepPolicy.builder()
                .last(2)
                .hourly(24)
                .daily(7)
                .weekly(5)
                .monthly(12)
                .yearly(3)
                .within(new KeepDuration(0, 0, 1, 12))
                .build());
    assertThat(rules.keepLastClean()).isEqualTo(3);
    assertThat(rules.gate()).isEqualTo(Gate.DEFAULT);
    assertThat(rules.prune()).isTrue();
    assertThat(rules.forgets()).isTrue();
  }

  @Test
  void keepWithinIsRoundedUpToTheHourSoNothingYoungerIsRemoved() {
    assertThat(within("90m")).isEqualTo(new KeepDuration(0, 0, 0, 2));
    assertThat(within("7d")).isEqualTo(new KeepDuration(0, 0, 7, 0));
    assertThat(within("30s")).isEqualTo(new KeepDuration(0, 0, 0, 1));
  }

  @Test
  void noKeepRuleKeepsEverything() {
    assertThat(RetentionRules.of(null).forgets()).isFalse();
    assertThat(
            RetentionRules.of(
                    new RetentionSpec(null, null, null, null, null, null, null, 5, "low", false))
                .forgets())
        .isFalse();
  }

  @Test
  void mistakesNameTheirField() {
    assertThatThrownBy(
            () ->
                RetentionRules.of(
                    new RetentionSpec(-1, null, null, null, null, null, null, null, null, null)))
        .isInstanceOf(UsageError.class)
        .hasMessage("spec.retention.keepLast: -1 is not 0 or more");
    assertThatThrownBy(
            () ->
                RetentionRules.of(
                    new RetentionSpec(1, null, null, null, null, null, null, null, "severe", null)))
        .hasMessageStartingWith("spec.retention.gate: 'severe' is not a gate");
  }

  private static KeepDuration within(String text) {
    return RetentionRules.of(
            new RetentionSpec(null, null, null, null, null, null, text, null, null, null))
        .keep()
        .within();
  }
}
