package dev.holdfast.core.retention;

import java.util.List;
import java.util.Optional;

/**
 * Keeps every snapshot that carries all of {@code tags} (restic's {@code --keep-tag a,b}); it
 * counts nothing, so it never changes what other rules keep.
 */
public record TagRule(List<String> tags) implements KeepRule {
  public TagRule {
    tags = List.copyOf(tags);
    if (tags.isEmpty() || tags.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("a tag rule needs tags, none of them empty: " + tags);
    }
  }

  @Override
  public Judge start(PlanContext group) {
    String reason = "has tags [" + String.join(", ", tags) + "]";
    return c -> c.snapshot().tags().containsAll(tags) ? Optional.of(reason) : Optional.empty();
  }
}
