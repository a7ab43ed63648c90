package dev.holdfast.operator.kube;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status conditions as Kubernetes defines them: one per type, whose {@code lastTransitionTime}
 * moves only when the status changes, so {@code kubectl wait} and alerting see real transitions.
 */
public final class Conditions {
  /** The condition type every Holdfast resource reports. */
  public static final String READY = "Ready";

  private Conditions() {}

  /**
   * {@code current} with the condition of {@code type} set to {@code status}; other types are kept
   * in their order, and an unchanged status keeps its transition time.
   */
  public static List<Condition> with(
      List<Condition> current,
      String type,
      boolean status,
      String reason,
      String message,
      long observedGeneration,
      Instant now) {
    String statusText = status ? "True" : "False";
    List<Condition> result = new ArrayList<>();
    boolean replaced = false;
    for (Condition c : current == null ? List.<Condition>of() : current) {
      if (!type.equals(c.getType())) {
        result.add(c);
        continue;
      }
      String since =
          statusText.equals(c.getStatus()) ? c.getLastTransitionTime() : KubeTimes.format(now);
      result.add(condition(type, statusText, reason, message, observedGeneration, since));
      replaced = true;
    }
    if (!replaced) {
      result.add(
          condition(type, statusText, reason, message, observedGeneration, KubeTimes.format(now)));
    }
    return List.copyOf(result);
  }

  /** The condition of {@code type} in {@code conditions}, if any. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return Optional.empty();
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /**
   * Whether setting {@code type} to False with {@code message} is news: the condition is absent,
   * True, or False for another reason. Reconcilers warn (an event) on news only, not at every
   * retry.
   */
  public static boolean isNewFailure(List<Condition> conditions, String type, String message) {
    return find(conditions, type)
        .map(c -> !"False".equals(c.getStatus()) || !message.equals(c.getMessage()))
        .orElse(true);
  }

  /** Whether {@code conditions} has {@code type} with status True. */
  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  private static Condition condition(
      String type, String status, String reason, String message, long generation, String since) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
