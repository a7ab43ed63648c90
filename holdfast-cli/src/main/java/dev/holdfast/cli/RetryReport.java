package dev.holdfast.cli;

import dev.holdfast.core.storage.RetryListener;
import java.io.PrintWriter;

/**
 * Prints each storage retry as one line on stderr ({@code --debug}): what was being done to which
 * blob, which attempt failed, the wait before the next, and why. Retries happen on many threads at
 * once, so each line is written whole.
 */
final class RetryReport implements RetryListener {
  private final PrintWriter err;

  RetryReport(PrintWriter err) {
    this.err = err;
  }

  @Override
  public void retrying(Retry retry) {
    synchronized (err) {
      // One line whatever a backend's message holds, as for errors.
      err.println("retry: " + retry.describe().replaceAll("\\s*[\\r\\n]+\\s*", " "));
      err.flush();
    }
  }
}
