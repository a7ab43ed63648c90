package dev.holdfast.tls.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.tls.TlsMaterialException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RotationStateTest {
  private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

  @Test
  void aRotationWalksEveryPhaseAndEndsOnTheNewGenerationAlone() {
    RotationState stable = new RotationState(RotationPhase.STABLE, 3, 0, T0);

    RotationState introducing = stable.begin(T0.plusSeconds(1));
    RotationState reissuing = introducing.advanced(T0.plusSeconds(2));
    RotationState retiring = reissuing.advanced(T0.plusSeconds(3));
    RotationState done = retiring.advanced(T0.plusSeconds(4));

    assertThat(introducing)
        .isEqualTo(new RotationState(RotationPhase.INTRODUCING, 4, 3, T0.plusSeconds(1)));
    assertThat(introducing.signing()).isEqualTo(3);
    assertThat(introducing.trusted()).containsExactly(3, 4);
    assertThat(reissuing.phase()).isEqualTo(RotationPhase.REISSUING);
    assertThat(reissuing.signing()).isEqualTo(4);
    assertThat(reissuing.trusted()).containsExactly(4, 3);
    assertThat(retiring.phase()).isEqualTo(RotationPhase.RETIRING);
    assertThat(retiring.trusted()).containsExactly(4);
    assertThat(done).isEqualTo(new RotationState(RotationPhase.STABLE, 4, 0, T0.plusSeconds(4)));
  }

  @Test
  void noRotationBeginsDuringAnotherAndNoStepIsPendingWhenStable() {
    RotationState stable = new RotationState(RotationPhase.STABLE, 1, 0, T0);
    RotationState introducing = stable.begin(T0);

    assertThatThrownBy(() -> introducing.begin(T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a CA rotation is already under way (INTRODUCING)");
    assertThatThrownBy(() -> stable.advanced(T0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no CA rotation is under way");
  }

  @Test
  void theTextFormReadsBackAndADamagedOneIsRefusedNamingItsSource() {
    for (RotationState state :
        List.of(
            new RotationState(RotationPhase.STABLE, 1, 0, T0),
            new RotationState(RotationPhase.REISSUING, 7, 6, T0))) {
      assertThat(RotationState.parse(state.format(), "rotation")).isEqualTo(state);
    }
    byte[] damaged =
        "phase=REISSUING\ncurrent=2\nprevious=2\nsince=2026-03-01T09:00:00Z\n"
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(
            () -> RotationState.parse(damaged, "Secret holdfast/holdfast-ca key rotation"))
        .isInstanceOf(TlsMaterialException.class)
        .hasMessageStartingWith(
            "Secret holdfast/holdfast-ca key rotation: a damaged rotation state");
  }
}
