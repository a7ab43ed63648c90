package dev.holdfast.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.ObjectReference;
import dev.holdfast.operator.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotPlannerTest {
  private static final ObjectReference A = new ObjectReference("shop", "a");
  private static final ObjectReference B = new ObjectReference("web", "b");
  private static final Schedule DAILY_AT_3 = Schedule.parse("0 3 * * *", ZoneOffset.UTC, "f");

  @Test
  void onlyTheLatestMomentAfterTheFloorIsDueSoDowntimeCatchesUpOnce() {
    Instant floor = Instant.parse("2025-06-01T03:00:00Z");
    Instant now = Instant.parse("2025-06-05T10:00:00Z");

    SlotPlanner.Plan plan =
        SlotPlanner.plan(DAILY_AT_3, "", List.of(A, B), Optional.of(floor), now);

    Instant latest = Instant.parse("2025-06-05T03:00:00Z");
    assertThat(plan.due())
        .containsExactly(new SlotPlanner.Due(A, latest), new SlotPlanner.Due(B, latest));
    assertThat(plan.next()).contains(Instant.parse("2025-06-06T03:00:00Z"));
  }

  @Test
  void aMomentAtOrBeforeTheFloorIsNotDueAgain() {
    Instant now = Instant.parse("2025-06-05T10:00:00Z");

    SlotPlanner.Plan plan =
        SlotPlanner.plan(
            DAILY_AT_3, "", List.of(A), Optional.of(Instant.parse("2025-06-05T03:00:00Z")), now);

    assertThat(plan.due()).isEmpty();
    assertThat(plan.next()).contains(Instant.parse("2025-06-06T03:00:00Z"));
  }

  @Test
  void spreadClaimsAreDueEachAtItsOwnMomentAndTheNextIsTheEarliestOfAll() {
    Schedule spread = Schedule.parse("@daily-random", ZoneOffset.UTC, "f");
    Instant now = Instant.parse("2025-06-05T10:00:00Z");
    Instant floor = now.minusSeconds(86_400);

    SlotPlanner.Plan plan = SlotPlanner.plan(spread, "", List.of(A, B), Optional.of(floor), now);

    Instant a = spread.latest(now, "shop/a").orElseThrow();
    Instant b = spread.latest(now, "web/b").orElseThrow();
    assertThat(a).isNotEqualTo(b);
    assertThat(plan.due()).containsExactly(new SlotPlanner.Due(A, a), new SlotPlanner.Due(B, b));
    Instant nextA = spread.next(now, "shop/a").orElseThrow();
    Instant nextB = spread.next(now, "web/b").orElseThrow();
    assertThat(plan.next()).contains(nextA.isBefore(nextB) ? nextA : nextB);
  }

  @Test
  void aKeyPrefixGivesTheSameClaimAnotherSpreadMoment() {
    Schedule spread = Schedule.parse("@daily-random", ZoneOffset.UTC, "f");
    Instant now = Instant.parse("2025-06-05T10:00:00Z");

    Instant backup =
        SlotPlanner.plan(spread, "", List.of(A), Optional.empty(), now).due().get(0).slot();
    Instant test =
        SlotPlanner.plan(spread, TestRestores.KEY_PREFIX, List.of(A), Optional.empty(), now)
            .due()
            .get(0)
            .slot();

    assertThat(test).isNotEqualTo(backup);
  }
}
