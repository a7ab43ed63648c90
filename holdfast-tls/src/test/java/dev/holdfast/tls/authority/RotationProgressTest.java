package dev.holdfast.tls.authority;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.tls.ca.LeafRequest;
import dev.holdfast.tls.ca.Usage;
import dev.holdfast.tls.material.CertifiedKey;
import dev.holdfast.tls.testing.MutableClock;
import dev.holdfast.tls.testing.TlsFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress of a rotation says when each step can be taken, and the authority takes it exactly
 * then: after the propagation delay, and once the old CA's last leaf has expired.
 */
class RotationProgressTest {
  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();

  @Test
  void eachPhaseSaysWhenItsStepCanBeTaken() {
    Authority authority = TlsFixtures.authority(dir.resolve("ca"), clock);
    assertThat(authority.progress().readyAt()).isEmpty();
    assertThat(authority.progress().describe()).isEqualTo("no CA rotation is under way");
    CertifiedKey old =
        authority.issue(LeafRequest.of("agent", Usage.CLIENT, "spiffe://holdfast/a"));

    authority.beginRotation();
    RotationProgress introducing = authority.progress();
    Instant loaded = clock.instant().plus(Duration.ofMinutes(10));
    assertThat(introducing.readyAt()).contains(loaded);
    assertThat(introducing.canAdvance(loaded.minusSeconds(1))).isFalse();
    assertThat(introducing.canAdvance(loaded)).isTrue();

    clock.set(loaded);
    authority.advance();
    RotationProgress reissuing = authority.progress();
    Instant oldExpires = old.certificate().getNotAfter().toInstant();
    assertThat(reissuing.blockingLeaves())
        .extracting(IssuedLeaf::serial)
        .containsExactly(old.serial());
    assertThat(reissuing.readyAt()).contains(oldExpires);
    assertThat(reissuing.describe())
        .isEqualTo(
            "1 leaves signed by CA generation 1 are still valid, the last until "
                + oldExpires
                + "; renew them (they re-issue under generation 2) and they expire, or revoke"
                + " them");

    clock.set(oldExpires.plusSeconds(1));
    assertThat(authority.progress().blockingLeaves()).isEmpty();
    assertThat(authority.progress().canAdvance(clock.instant())).isTrue();
    authority.advance();
    assertThat(authority.progress().readyAt())
        .contains(clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void theKeyCostOfTheSigningCaIsReadWithoutThePassphrase() {
    TlsFixtures.authority(dir.resolve("ca"), clock);

    assertThat(Authority.keyCost(dir.resolve("ca"))).contains(TlsFixtures.CHEAP);
  }
}
