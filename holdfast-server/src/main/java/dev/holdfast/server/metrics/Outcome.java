package dev.holdfast.server.metrics;

import java.util.Locale;

/**
 * How a request ended, as the {@code outcome} label counts it, from the answer's status: the
 * protocol's normal answers ({@link #OK}, {@link #EXISTS} for a put-if-absent that found the name),
 * the refusals a client can cause ({@link #NOT_FOUND}, {@link #FORBIDDEN}, {@link #REJECTED}),
 * back-pressure ({@link #THROTTLED}) and the server's own failures ({@link #ERROR}, also an answer
 * cut short).
 */
enum Outcome {
  /** 2xx. */
  OK,
  /** 412: a PUT found the name taken (a retried upload gets this too). */
  EXISTS,
  /** 404: no such blob, or no such repository for this identity. */
  NOT_FOUND,
  /** 403: the identity lacks the permission. */
  FORBIDDEN,
  /** Any other 4xx: a malformed or unacceptable request. */
  REJECTED,
  /** 429 or 503: too many requests, a full queue or busy storage; the client retries. */
  THROTTLED,
  /** Any other 5xx, or a response that could not be completed. */
  ERROR;

  /** The label value: "ok", "not_found", ... */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The outcome of an answer with {@code status}; {@code failed} when it was not completed. */
  static Outcome of(int status, boolean failed) {
    if (failed) {
      return ERROR;
    }
    if (status >= 200 && status < 300) {
      return OK;
    }
    switch (status) {
      case 412:
        return EXISTS;
      case 404:
        return NOT_FOUND;
      case 403:
        return FORBIDDEN;
      case 429:
      case 503:
        return THROTTLED;
      default:
        return status >= 400 && status < 500 ? REJECTED : ERROR;
    }
  }
}
