package dev.holdfast.tls.authority;

import dev.holdfast.tls.TlsMaterialException;
import dev.holdfast.tls.material.KeyValues;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the authority is in its rotation, as its {@code rotation} file records: the phase, the
 * newest CA generation, the generation being replaced (0 when none) and when the phase began. Which
 * generation signs and which are trusted follow from these.
 */
public record RotationState(RotationPhase phase, int current, int previous, Instant since) {

  /** Validates that generations fit the phase. */
  public RotationState {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(since, "since");
    boolean stable = phase == RotationPhase.STABLE;
    if (current < 1 || (stable ? previous != 0 : previous < 1 || previous >= current)) {
      throw new IllegalArgumentException(
          "generations " + current + "/" + previous + " do not fit phase " + phase);
    }
  }

  /** The generation that signs leaves now: the old one until the new one is trusted everywhere. */
  public int signing() {
    return phase == RotationPhase.INTRODUCING ? previous : current;
  }

  /** The generations in the published trust bundle, signing generation first. */
  public List<Integer> trusted() {
    switch (phase) {
      case INTRODUCING:
        return List.of(previous, current);
      case REISSUING:
        return List.of(current, previous);
      default:
        return List.of(current);
    }
  }

  /**
   * The state a rotation begins with at {@code at}: the next generation introduced beside the
   * current one.
   *
   * @throws IllegalStateException when a rotation is under way already
   */
  public RotationState begin(Instant at) {
    if (phase != RotationPhase.STABLE) {
      throw new IllegalStateException("a CA rotation is already under way (" + phase + ")");
    }
    return new RotationState(RotationPhase.INTRODUCING, current + 1, current, at);
  }

  /**
   * The state after the next step of the rotation under way, taken at {@code at}: INTRODUCING →
   * REISSUING → RETIRING → STABLE.
   *
   * @throws IllegalStateException in STABLE, where no step is pending
   */
  public RotationState advanced(Instant at) {
    switch (phase) {
      case INTRODUCING:
        return then(RotationPhase.REISSUING, at);
      case REISSUING:
        return then(RotationPhase.RETIRING, at);
      case RETIRING:
        return then(RotationPhase.STABLE, at);
      default:
        throw new IllegalStateException("no CA rotation is under way");
    }
  }

  /** The state after moving to {@code next} at {@code at}. */
  RotationState then(RotationPhase next, Instant at) {
    return new RotationState(next, current, next == RotationPhase.STABLE ? 0 : previous, at);
  }

  /** The state as the {@code rotation} file's {@code key=value} text. */
  public byte[] format() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("phase", phase.name());
    values.put("current", Integer.toString(current));
    values.put("previous", Integer.toString(previous));
    values.put("since", since.toString());
    return KeyValues.format("Holdfast CA rotation state (docs/TLS.md)", values);
  }

  /**
   * The state in {@code bytes}, the text {@link #format()} writes; {@code source} names where it
   * was read, for messages.
   *
   * @throws TlsMaterialException when the text is not a valid state
   */
  public static RotationState parse(byte[] bytes, String source) {
    Map<String, String> values = KeyValues.parse(bytes, source);
    try {
      return new RotationState(
          RotationPhase.valueOf(KeyValues.require(values, "phase", source)),
          Integer.parseInt(KeyValues.require(values, "current", source)),
          Integer.parseInt(KeyValues.require(values, "previous", source)),
          Instant.parse(KeyValues.require(values, "since", source)));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new TlsMaterialException(
          source + ": a damaged rotation state (" + e.getMessage() + ")", e);
    }
  }
}
