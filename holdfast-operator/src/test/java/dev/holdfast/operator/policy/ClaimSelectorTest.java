package dev.holdfast.operator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimSelectorTest {
  @Test
  void noNamespacesAndNoSelectorSelectEveryClaim() {
    ClaimSelector all = ClaimSelector.of(PolicySpecs.on("@daily").build());

    assertThat(all.matches(claim("a", Map.of()))).isTrue();
    assertThat(all.matches(claim("b", Map.of("app", "x")))).isTrue();
  }

  @Test
  void namespacesAndMatchLabelsMustAllHold() {
    ClaimSelector s =
        ClaimSelector.of(
            PolicySpecs.on("@daily").namespaces("shop").matchLabels(Map.of("tier", "db")).build());

    assertThat(s.matches(claim("shop", Map.of("tier", "db", "x", "y")))).isTrue();
    assertThat(s.matches(claim("shop", Map.of("tier", "web")))).isFalse();
    assertThat(s.matches(claim("web", Map.of("tier", "db")))).isFalse();
  }

  @Test
  void expressionsMeanWhatKubernetesSaysTheyMean() {
    ClaimSelector s =
        ClaimSelector.of(
            PolicySpecs.on("@daily")
                .selector(
                    new LabelSelectorBuilder()
                        .withMatchExpressions(
                            requirement("tier", "In", "db", "cache"),
                            requirement("env", "NotIn", "dev"),
                            requirement("backup", "Exists"),
                            requirement("skip", "DoesNotExist"))
                        .build())
                .build());

    assertThat(s.matches(claim("n", Map.of("tier", "db", "backup", "")))).isTrue();
    assertThat(s.matches(claim("n", Map.of("tier", "cache", "env", "prod", "backup", "y"))))
        .isTrue();
    assertThat(s.matches(claim("n", Map.of("tier", "web", "backup", "y")))).isFalse();
    assertThat(s.matches(claim("n", Map.of("tier", "db", "env", "dev", "backup", "y")))).isFalse();
    assertThat(s.matches(claim("n", Map.of("tier", "db")))).isFalse();
    assertThat(s.matches(claim("n", Map.of("tier", "db", "backup", "y", "skip", "")))).isFalse();
  }

  @Test
  void scratchClaimsOfTestRestoresAndClaimsBeingDeletedAreNeverSelected() {
    ClaimSelector all = ClaimSelector.of(PolicySpecs.on("@daily").build());
    PersistentVolumeClaim deleting = claim("a", Map.of());
    deleting.getMetadata().setDeletionTimestamp("2025-06-01T00:00:00Z");

    assertThat(all.matches(claim("a", Map.of(PolicyNames.TEST_RESTORE_LABEL, "p")))).isFalse();
    assertThat(all.matches(deleting)).isFalse();
  }

  @Test
  void anUnknownOperatorIsRefusedNamingTheRequirement() {
    assertThatThrownBy(
            () ->
                ClaimSelector.of(
                    PolicySpecs.on("@daily")
                        .selector(
                            new LabelSelectorBuilder()
                                .withMatchExpressions(
                                    requirement("a", "Exists"), requirement("tier", "Like", "d*"))
                                .build())
                        .build()))
        .isInstanceOf(UsageError.class)
        .hasMessage(
            "spec.selector.matchExpressions[1]: operator 'Like' is not In, NotIn, Exists or"
                + " DoesNotExist");
    assertThatThrownBy(
            () ->
                ClaimSelector.of(
                    PolicySpecs.on("@daily")
                        .selector(
                            new LabelSelectorBuilder()
                                .withMatchExpressions(requirement("tier", "In"))
                                .build())
                        .build()))
        .hasMessage("spec.selector.matchExpressions[0]: operator In needs at least one value");
  }

  private static LabelSelectorRequirement requirement(
      String key, String operator, String... values) {
    return new LabelSelectorRequirement(key, operator, List.of(values));
  }

  private static PersistentVolumeClaim claim(String namespace, Map<String, String> labels) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withName("data")
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
