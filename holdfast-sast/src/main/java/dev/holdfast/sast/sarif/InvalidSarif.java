package dev.holdfast.sast.sarif;

import dev.holdfast.core.HoldfastException;

/**
 * A SARIF report Holdfast refuses, with a message that names the report and where in it the problem
 * is (a JSON pointer, or a line and column). The subclasses say which rule the report broke; all
 * are {@link HoldfastException.Kind#USAGE} failures the user fixes by fixing the report.
 */
public abstract class InvalidSarif extends HoldfastException {
  protected InvalidSarif(String message) {
    super(Kind.USAGE, message);
  }

  protected InvalidSarif(String message, Throwable cause) {
    super(Kind.USAGE, message, cause);
  }
}
