package dev.holdfast.operator.policy;

import dev.holdfast.core.UsageError;
import dev.holdfast.operator.api.BackupPolicySpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which PersistentVolumeClaims a policy backs up: those in its namespaces (all when none are named)
 * whose labels match its label selector, as Kubernetes defines label selectors ({@code matchLabels}
 * and {@code matchExpressions} with In, NotIn, Exists, DoesNotExist). Claims being deleted and the
 * scratch claims of test restores are never selected.
 *
 * @param namespaces the namespaces; empty means every namespace
 * @param matchLabels labels a claim must carry with these values
 * @param expressions further requirements on a claim's labels
 */
public record ClaimSelector(
    Set<String> namespaces,
    Map<String, String> matchLabels,
    List<LabelSelectorRequirement> expressions) {

  public ClaimSelector {
    namespaces = Set.copyOf(namespaces);
    matchLabels = Map.copyOf(matchLabels);
    expressions = List.copyOf(expressions);
  }

  /**
   * The selector of {@code spec}.
   *
   * @throws UsageError naming the field when a requirement is not one Kubernetes defines
   */
  public static ClaimSelector of(BackupPolicySpec spec) {
    Set<String> namespaces = spec.namespaces() == null ? Set.of() : Set.copyOf(spec.namespaces());
    LabelSelector selector = spec.selector();
    if (selector == null) {
      return new ClaimSelector(namespaces, Map.of(), List.of());
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (int i = 0; i < expressions.size(); i++) {
      check(expressions.get(i), "spec.selector.matchExpressions[" + i + "]");
    }
    return new ClaimSelector(
        namespaces,
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
        expressions);
  }

  private static void check(LabelSelectorRequirement r, String field) {
    if (r.getKey() == null || r.getKey().isBlank()) {
      throw new UsageError(field + ": a key is required");
    }
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String operator = r.getOperator() == null ? "" : r.getOperator();
    switch (operator) {
      case "In", "NotIn" -> {
        if (values.isEmpty()) {
          throw new UsageError(field + ": operator " + operator + " needs at least one value");
        }
      }
      case "Exists", "DoesNotExist" -> {
        if (!values.isEmpty()) {
          throw new UsageError(field + ": operator " + operator + " takes no values");
        }
      }
      default ->
          throw new UsageError(
              field + ": operator '" + operator + "' is not In, NotIn, Exists or DoesNotExist");
    }
  }

  /** Whether the policy backs up {@code claim}. */
  public boolean matches(PersistentVolumeClaim claim) {
    if (claim.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    if (!namespaces.isEmpty() && !namespaces.contains(claim.getMetadata().getNamespace())) {
      return false;
    }
    Map<String, String> labels =
        claim.getMetadata().getLabels() == null ? Map.of() : claim.getMetadata().getLabels();
    if (labels.containsKey(PolicyNames.TEST_RESTORE_LABEL)) {
      return false;
    }
    for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
      if (!wanted.getValue().equals(labels.get(wanted.getKey()))) {
        return false;
      }
    }
    for (LabelSelectorRequirement r : expressions) {
      if (!satisfies(r, labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean satisfies(LabelSelectorRequirement r, Map<String, String> labels) {
    String value = labels.get(r.getKey());
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    switch (r.getOperator()) {
      case "In":
        return value != null && values.contains(value);
      case "NotIn":
        return value == null || !values.contains(value);
      case "Exists":
        return value != null;
      default:
        return value == null;
    }
  }
}
