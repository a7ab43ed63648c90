package dev.holdfast.sast.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaiverStoreTest {
  private static final FindingId FINDING = new FindingId("0123456789abcdef");

  private final SastRepository sast = new SastRepository();
  private final WaiverStore waivers = sast.waivers();
  private final Instant inAWeek = SastRepository.START.plus(Duration.ofDays(7));

  @Test
  void aWaiverIsListedAsAddedOldestFirstAndRemovedByAPrefixOfItsId() {
    Waiver first =
        waivers.add("shop", FINDING, "false positive: input is constant", inAWeek, "a@h");
    sast.clock().advance(Duration.ofMinutes(1));
    Waiver second = waivers.add("blog", FINDING, "fix ships friday", inAWeek, "b@h");

    assertThat(waivers.list().waivers()).containsExactly(first, second);
    assertThat(waivers.list().unreadable()).isEmpty();
    assertThat(first.createdAt()).isEqualTo(SastRepository.START);
    assertThat(first.id()).matches("[0-9a-f]{32}");

    assertThat(waivers.remove(first.id().substring(0, 6))).contains(first);

    assertThat(waivers.list().waivers()).containsExactly(second);
    assertThat(waivers.remove(second.id())).contains(second);
    assertThat(sast.store().list(BlobKind.WAIVER)).isEmpty();
  }

  @Test
  void aWaiverAppliesUntilTheInstantBeforeItsEnd() {
    Waiver w = waivers.add("shop", FINDING, "accepted risk", inAWeek, "a@h");

    assertThat(w.activeAt(SastRepository.START)).isTrue();
    assertThat(w.activeAt(inAWeek.minusNanos(1))).isTrue();
    assertThat(w.activeAt(inAWeek)).isFalse();
    assertThat(w.activeAt(inAWeek.plusSeconds(1))).isFalse();
  }

  @Test
  void anExpiredWaiverStaysOnRecord() {
    Waiver w = waivers.add("shop", FINDING, "accepted risk", inAWeek, "a@h");

    sast.clock().advance(Duration.ofDays(30));

    assertThat(waivers.list().waivers()).containsExactly(w);
  }

  @Test
  void anEndDateNowOrInThePastIsRefusedAndNothingIsStored() {
    Instant now = sast.clock().instant();
    for (Instant until : List.of(now, now.minusNanos(1), now.minus(Duration.ofDays(400)))) {
      assertThatThrownBy(() -> waivers.add("shop", FINDING, "reason", until, "a@h"))
          .isInstanceOf(UsageError.class)
          .hasMessageContaining(FINDING.hex())
          .hasMessageContaining("not in the future");
    }
    assertThat(sast.store().list(BlobKind.WAIVER)).isEmpty();
  }

  @Test
  void aBlankTooLongOrControlCharacterReasonIsRefusedAndNothingIsStored() {
    List<String> bad =
        new ArrayList<>(List.of("", "   ", "\t", "line\nbreak", "bell\u0007", "x".repeat(1001)));
    bad.add(null);
    for (String reason : bad) {
      assertThatThrownBy(() -> waivers.add("shop", FINDING, reason, inAWeek, "a@h"), "" + reason)
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("waiver of finding " + FINDING.hex());
    }
    assertThat(sast.store().list(BlobKind.WAIVER)).isEmpty();
  }

  @Test
  void aReasonOfTheLongestLengthWithUnicodeIsAccepted() {
    String reason = "é".repeat(Waiver.MAX_REASON - 2) + "✓!";

    Waiver w = waivers.add("shop", FINDING, reason, inAWeek, "a@h");

    assertThat(waivers.list().waivers())
        .singleElement()
        .extracting(Waiver::reason)
        .isEqualTo(reason);
    assertThat(w.reason()).hasSize(Waiver.MAX_REASON);
  }

  @Test
  void removeRefusesMalformedPrefixes() {
    waivers.add("shop", FINDING, "reason", inAWeek, "a@h");

    for (String bad : List.of("", "abc", "ABCD", "wxyz", "a".repeat(33), "../..")) {
      assertThatThrownBy(() -> waivers.remove(bad), bad)
          .isInstanceOf(UsageError.class)
          .hasMessageContaining("4 to 32 lower-case hex digits");
    }
    assertThat(waivers.list().waivers()).hasSize(1);
  }

  @Test
  void removeOfAnUnknownIdIsNotFound() {
    Waiver w = waivers.add("shop", FINDING, "reason", inAWeek, "a@h");
    String other = (w.id().charAt(0) == '0' ? "1" : "0") + w.id().substring(1);

    assertThatThrownBy(() -> waivers.remove(other))
        .isInstanceOf(NotFound.class)
        .hasMessageContaining(other);
    assertThat(waivers.list().waivers()).containsExactly(w);
  }

  @Test
  void removeOfAPrefixTwoWaiversShareIsAmbiguousAndRemovesNothing() {
    Waiver w = waivers.add("shop", FINDING, "reason", inAWeek, "a@h");
    String twin = w.id().substring(0, 8) + "0".repeat(24);
    BlobName twinName =
        new BlobName(BlobKind.WAIVER, twin.equals(w.id()) ? "1" + twin.substring(1) : twin);
    sast.store().putIfAbsent(twinName, sast.store().get(new BlobName(BlobKind.WAIVER, w.id())));

    assertThatThrownBy(() -> waivers.remove(w.id().substring(0, 8)))
        .isInstanceOf(UsageError.class)
        .hasMessageContaining("ambiguous");
    assertThat(sast.store().list(BlobKind.WAIVER)).hasSize(2);
    assertThat(waivers.remove(w.id())).contains(w);
  }

  @Test
  void aDamagedWaiverIsListedAsUnreadableNamingItAndNothingSecret() {
    Waiver kept = waivers.add("shop", FINDING, "kept", inAWeek, "a@h");
    Waiver damaged = waivers.add("shop", FINDING, "secret-ish reason", inAWeek, "a@h");

    sast.damage(new BlobName(BlobKind.WAIVER, damaged.id()));

    WaiverStore.Listing listing = waivers.list();
    assertThat(listing.waivers()).containsExactly(kept);
    assertThat(listing.unreadable())
        .singleElement()
        .extracting(Throwable::getMessage)
        .asString()
        .contains("waiver " + damaged.id(), "failed authentication")
        .doesNotContain("secret-ish");
  }

  @Test
  void aWaiverMovedToAnotherNameFailsAuthentication() {
    Waiver w = waivers.add("shop", FINDING, "reason", inAWeek, "a@h");
    BlobName original = new BlobName(BlobKind.WAIVER, w.id());
    BlobName moved = new BlobName(BlobKind.WAIVER, "f".repeat(32));
    byte[] sealed = sast.store().get(original);
    sast.store().delete(original);
    sast.store().putIfAbsent(moved, sealed);

    assertThat(waivers.list().waivers()).isEmpty();
    assertThat(waivers.list().unreadable()).singleElement().isInstanceOf(CorruptObject.class);
  }
}
