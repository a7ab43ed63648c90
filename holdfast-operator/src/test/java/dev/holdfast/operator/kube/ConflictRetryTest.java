package dev.holdfast.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConflictRetryTest {
  private static KubernetesClientException refused(int code) {
    return new KubernetesClientException("refused with " + code, code, null);
  }

  @Test
  void triesAgainAfterAConflictAndReturnsWhatTheNextAttemptWrote() {
    List<Integer> attempts = new ArrayList<>();

    Optional<String> written =
        ConflictRetry.upTo(
            5,
            attempt -> {
              attempts.add(attempt);
              if (attempt < 2) {
                throw refused(409);
              }
              return Optional.of("written at attempt " + attempt);
            });

    assertThat(written).contains("written at attempt 2");
    assertThat(attempts).containsExactly(0, 1, 2);
  }

  @Test
  void aResourceThatIsGoneEndsItWithNothing() {
    List<Integer> attempts = new ArrayList<>();

    Optional<String> written =
        ConflictRetry.upTo(
            5,
            attempt -> {
              attempts.add(attempt);
              throw refused(404);
            });

    assertThat(written).isEmpty();
    assertThat(attempts).containsExactly(0);
  }

  @Test
  void anyOtherRefusalIsThrownAtOnce() {
    List<Integer> attempts = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ConflictRetry.upTo(
                    5,
                    attempt -> {
                      attempts.add(attempt);
                      throw refused(403);
                    }))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("403");
    assertThat(attempts).containsExactly(0);
  }

  @Test
  void theLastConflictIsThrownOnceEveryAttemptMetOne() {
    List<Integer> attempts = new ArrayList<>();

    assertThatThrownBy(
            () ->
                ConflictRetry.upTo(
                    3,
                    attempt -> {
                      attempts.add(attempt);
                      throw new KubernetesClientException("conflict " + attempt, 409, null);
                    }))
        .hasMessageContaining("conflict 2");
    assertThat(attempts).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> ConflictRetry.upTo(0, attempt -> Optional.of("x")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
