package dev.holdfast.core.storage;

import dev.holdfast.core.StorageUnavailable;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Hears of every retry a {@link RetryingBlobStore} makes, so that the CLI can print each one with
 * {@code --debug} or count them for a progress line. It is called on the thread whose request
 * failed, before that thread waits; it must be quick and must not throw.
 */
@FunctionalInterface
public interface RetryListener {
  /** Hears nothing. */
  RetryListener NONE = retry -> {};

  /** A request failed transiently and will be tried again after {@code retry.delay()}. */
  void retrying(Retry retry);

  /**
   * One retry.
   *
   * @param action what was being done, naming the blob and the store ("storing data/3f/3fa2… in
   *     /srv/repo")
   * @param attempt the try that failed, from 1
   * @param maxAttempts the most tries the policy allows
   * @param delay the wait before the next try
   * @param cause why the try failed (a backend's message: names, never data or credentials)
   */
  record Retry(
      String action, int attempt, int maxAttempts, Duration delay, StorageUnavailable cause) {
    public Retry {
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(delay, "delay");
      Objects.requireNonNull(cause, "cause");
    }

    /** One line: {@code storing data/… in /srv/repo: attempt 2 of 10 failed, next in 1.3 s: …}. */
    public String describe() {
      return action
          + ": attempt "
          + attempt
          + " of "
          + maxAttempts
          + " failed, next in "
          + seconds(delay)
          + ": "
          + cause.getMessage();
    }

    /** A duration as seconds with one decimal, e.g. {@code 1.3 s}. */
    static String seconds(Duration d) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
  }
}
