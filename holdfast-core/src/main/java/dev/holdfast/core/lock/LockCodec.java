package dev.holdfast.core.lock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** Encodes a lock as JSON (docs/FORMAT.md, "Locks") and decodes it with validation. */
final class LockCodec {
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private LockCodec() {}

  record Body(
      int version,
      String id,
      String mode,
      String purpose,
      String host,
      String username,
      long pid,
      String pidNamespace,
      String created,
      String refreshed) {}

  static byte[] encode(LockInfo lock) {
    Body body =
        new Body(
            VERSION,
            lock.id(),
            lock.mode().name().toLowerCase(java.util.Locale.ROOT),
            lock.purpose(),
            lock.owner().host(),
            lock.owner().username(),
            lock.owner().pid(),
            lock.owner().pidNamespace(),
            lock.created().toString(),
            lock.refreshed().toString());
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static LockInfo decode(byte[] json) {
    Body b;
    try {
      b = MAPPER.readValue(json, Body.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a lock: " + e.getMessage(), e);
    }
    if (b.version() != VERSION) {
      throw new IllegalArgumentException("unknown lock version " + b.version());
    }
    try {
      return new LockInfo(
          b.id(),
          LockMode.valueOf(String.valueOf(b.mode()).toUpperCase(java.util.Locale.ROOT)),
          b.purpose(),
          new LockOwner(b.host(), b.username(), b.pid(), b.pidNamespace()),
          Instant.parse(String.valueOf(b.created())),
          Instant.parse(String.valueOf(b.refreshed())));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid lock: " + e.getMessage(), e);
    }
  }
}
