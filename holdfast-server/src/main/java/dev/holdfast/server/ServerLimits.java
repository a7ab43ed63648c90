package dev.holdfast.server;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work the server takes on at once (docs/SERVER.md, "Limits"). Memory for blob bytes is
 * bounded by {@code bufferBytes}: the storage interface stores and returns whole byte arrays, so an
 * upload is held whole (its length reserved before its body is read) and a download is sent in
 * windows of {@link #READ_WINDOW} bytes, each reserved while it is held.
 *
 * @param maxConcurrentRequests requests handled at once over all clients; more wait in a queue
 * @param maxQueuedRequests requests waiting for a slot; more are refused with 503
 * @param queueTimeout longest wait for a slot or for buffer space before a 503
 * @param maxRequestsPerIdentity requests one identity may have in progress; more get 429
 * @param maxBlobBytes largest blob a PUT may store (413 beyond)
 * @param bufferBytes blob bytes held in memory over all requests at once
 * @param idleTimeout a connection silent for this long is closed
 */
public record ServerLimits(
    int maxConcurrentRequests,
    int maxQueuedRequests,
    Duration queueTimeout,
    int maxRequestsPerIdentity,
    int maxBlobBytes,
    int bufferBytes,
    Duration idleTimeout) {

  /** Downloads are read from storage and sent in pieces of at most this many bytes. */
  public static final int READ_WINDOW = 4 * 1024 * 1024;

  public ServerLimits {
    Objects.requireNonNull(queueTimeout, "queueTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    if (maxConcurrentRequests < 1 || maxQueuedRequests < 0 || maxRequestsPerIdentity < 1) {
      throw new IllegalArgumentException(
          "request limits must be positive: "
              + maxConcurrentRequests
              + ", "
              + maxQueuedRequests
              + ", "
              + maxRequestsPerIdentity);
    }
    if (maxBlobBytes < 1 || bufferBytes < Math.max(maxBlobBytes, READ_WINDOW)) {
      throw new IllegalArgumentException(
          "the buffer ("
              + bufferBytes
              + " bytes) must hold the largest blob ("
              + maxBlobBytes
              + " bytes) and a read window ("
              + READ_WINDOW
              + " bytes)");
    }
    if (queueTimeout.isNegative() || idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }

  /**
   * 32 requests at once, 256 waiting up to 30 s, 16 per identity; blobs up to 64 MiB (a default
   * pack is at most 24 MiB); 128 MiB of blob buffers; connections idle for 60 s are closed.
   */
  public static ServerLimits defaults() {
    return new ServerLimits(
        32, 256, Duration.ofSeconds(30), 16, 64 << 20, 128 << 20, Duration.ofSeconds(60));
  }

  /** These limits with another largest blob and buffer. */
  public ServerLimits withBlobs(int maxBlobBytes, int bufferBytes) {
    return new ServerLimits(
        maxConcurrentRequests,
        maxQueuedRequests,
        queueTimeout,
        maxRequestsPerIdentity,
        maxBlobBytes,
        bufferBytes,
        idleTimeout);
  }

  /** These limits with other request counts. */
  public ServerLimits withRequests(int concurrent, int queued, int perIdentity) {
    return new ServerLimits(
        concurrent, queued, queueTimeout, perIdentity, maxBlobBytes, bufferBytes, idleTimeout);
  }
}
