package dev.holdfast.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.operator.api.ObjectReference;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PolicyNamesTest {
  private static final String SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  private static final Instant SLOT = Instant.parse("2025-06-01T03:00:00Z");
  private static final ObjectReference CLAIM = new ObjectReference("shop", "data");

  @Test
  void aBackupNameDependsOnlyOnThePolicyTheClaimAndTheMoment() {
    String name = PolicyNames.backup("nightly", CLAIM, SLOT);

    assertThat(name)
        .isEqualTo(PolicyNames.backup("nightly", new ObjectReference("shop", "data"), SLOT));
    assertThat(name).matches("nightly-[0-9a-f]{10}-1748746800");
    assertThat(PolicyNames.backup("nightly", new ObjectReference("shop", "logs"), SLOT))
        .isNotEqualTo(name);
    assertThat(PolicyNames.backup("weekly", CLAIM, SLOT)).doesNotEndWith(name.substring(7));
    assertThat(PolicyNames.backup("nightly", CLAIM, SLOT.plusSeconds(60))).isNotEqualTo(name);
  }

  @Test
  void longNamesAreCutToValidObjectNamesThatStillDiffer() {
    String policy = "a-policy-whose-name-is-very-long-indeed-.and-goes-on-and-on-xx";
    ObjectReference claim = new ObjectReference("ns", "c".repeat(250));

    String backup = PolicyNames.backup(policy, claim, SLOT);
    String other = PolicyNames.backup(policy.replace("xx", "yy"), claim, SLOT);
    String scratch = PolicyNames.scratchClaim(claim, SLOT);

    assertThat(backup).matches(SUBDOMAIN).hasSizeLessThanOrEqualTo(63);
    assertThat(other).isNotEqualTo(backup);
    assertThat(PolicyNames.testRestore(policy, claim, SLOT))
        .matches(SUBDOMAIN)
        .hasSizeLessThanOrEqualTo(63);
    assertThat(scratch)
        .matches(SUBDOMAIN)
        .hasSizeLessThanOrEqualTo(253)
        .endsWith("-hf-test-1748746800");
  }
}
