package dev.holdfast.server.remote;

import java.time.Duration;
import java.util.Objects;

/**
 * How patient the client is with the server. A request fails (transiently, so the retry layer tries
 * again) when the connection is not made within {@code connectTimeout}, or when the answer does not
 * begin within {@code requestTimeout} plus the time the body takes at {@code
 * slowestBytesPerSecond}.
 */
public record RemoteOptions(
    Duration connectTimeout, Duration requestTimeout, long slowestBytesPerSecond) {

  public RemoteOptions {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (connectTimeout.isNegative()
        || connectTimeout.isZero()
        || requestTimeout.isNegative()
        || requestTimeout.isZero()
        || slowestBytesPerSecond < 1) {
      throw new IllegalArgumentException("timeouts and the slowest rate must be positive");
    }
  }

  /** Connect within 10 s; an answer within 60 s plus a second per MiB sent. */
  public static RemoteOptions defaults() {
    return new RemoteOptions(Duration.ofSeconds(10), Duration.ofSeconds(60), 1024 * 1024);
  }

  /** How long a request with a body of {@code bytes} may take until its answer begins. */
  Duration timeoutFor(long bytes) {
    return requestTimeout.plusSeconds(bytes / slowestBytesPerSecond);
  }
}
