package dev.holdfast.sast.posture;

import static dev.holdfast.sast.testing.SastRepository.app;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class GateTest {
  /** Every gate word with every severity of one open finding, and the verdict it must give. */
  static List<Arguments> gatesAndSeverities() {
    List<String> words = List.of("critical", "high", "medium", "low", "info");
    List<Arguments> cases = new ArrayList<>();
    for (int g = 0; g < words.size(); g++) {
      for (Severity s : Severity.values()) {
        // the gate refuses its own severity and every worse one (earlier in Severity's order)
        Verdict expected = s.ordinal() <= g ? Verdict.VULNERABLE : Verdict.CLEAN;
        cases.add(Arguments.of(words.get(g), s, expected));
      }
    }
    return cases;
  }

  @ParameterizedTest(name = "gate {0}, one open {1} finding: {2}")
  @MethodSource("gatesAndSeverities")
  void oneOpenFindingFailsExactlyTheGatesAtOrBelowItsSeverity(
      String word, Severity severity, Verdict expected) {
    SastRepository sast = new SastRepository();
    AppVersion version = app("shop=v1");
    sast.ingest("shop", "v1", SarifText.oneFinding("R", severity, "f"));

    VersionPosture p = sast.judge(Gate.parse(word), version).of(version);

    assertThat(p.verdict()).isEqualTo(expected);
    assertThat(p.open().of(severity)).isEqualTo(1);
    assertThat(p.open().total()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"critical", "high", "medium", "low", "info"})
  void aGateReadsBackFromItsWord(String word) {
    Gate gate = Gate.parse(word);

    assertThat(gate.word()).isEqualTo(word);
    assertThat(Gate.parse(" " + word.toUpperCase() + " ")).isEqualTo(gate);
  }

  @ParameterizedTest(name = "'{0}'")
  @ValueSource(strings = {"", "none", "severe", "hi", "criticals", "5"})
  void anUnknownGateWordIsAUsageErrorListingTheWords(String word) {
    assertThatThrownBy(() -> Gate.parse(word))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("'" + word + "'")
        .hasMessageContaining("critical, high, medium, low or info");
  }

  @Test
  void theDefaultGateRefusesCriticalAndHighOnly() {
    assertThat(Gate.DEFAULT).isEqualTo(Gate.parse("high"));
    assertThat(Severity.values())
        .filteredOn(Gate.DEFAULT::refuses)
        .containsExactly(Severity.CRITICAL, Severity.HIGH);
  }

  @Test
  void noGateWordIsAUsageError() {
    assertThatThrownBy(() -> Gate.parse(null)).isInstanceOf(UsageError.class);
  }
}
