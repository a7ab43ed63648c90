package dev.holdfast.operator.restore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestoreLabelsTest {
  @Test
  void aShortNameIsKeptAsItIs() {
    assertThat(RestoreLabels.helperPodName("shop-db")).isEqualTo("holdfast-restore-shop-db");
    assertThat(RestoreLabels.of("shop-db", "uid-1"))
        .containsEntry(RestoreLabels.RESTORE, "shop-db")
        .containsEntry(RestoreLabels.RESTORE_UID, "uid-1");
  }

  @Test
  void longNamesAreCutToALabelValueAndStayDistinct() {
    String base = "incident-2026-11-25-restore-of-the-orders-database-" + "x".repeat(60);
    String first = RestoreLabels.helperPodName(base + "-a");
    String second = RestoreLabels.helperPodName(base + "-b");

    assertThat(first).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    assertThat(second).hasSizeLessThanOrEqualTo(63).isNotEqualTo(first);
    assertThat(RestoreLabels.helperPodName(base + "-a")).as("the same every time").isEqualTo(first);
    assertThat(RestoreLabels.of(base, null).get(RestoreLabels.RESTORE))
        .hasSizeLessThanOrEqualTo(63);
  }
}
