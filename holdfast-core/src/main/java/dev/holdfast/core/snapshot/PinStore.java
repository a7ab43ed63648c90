package dev.holdfast.core.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pins: snapshots that retention never removes. A pin is a sealed blob {@code pins/<snapshot id>}
 * holding when it was pinned and an optional note (docs/FORMAT.md, "Pins"); the blob's presence is
 * what protects the snapshot, so even a pin whose content is damaged still protects it. Thread-safe
 * (it holds no mutable state).
 */
public final class PinStore {
  /** Largest pin blob a reader accepts. */
  static final long MAX_PIN_BYTES = 64 * 1024;

  /** Version of the pin encoding. */
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BlobStore store;
  private final ObjectSealer sealer;
  private final Clock clock;

  public PinStore(BlobStore store, ObjectSealer sealer, Clock clock) {
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
  }

  /** The outcome of pinning: the pin in effect, and whether this call created it. */
  public record Pinned(Pin pin, boolean created) {}

  /** The result of listing: readable pins (by time pinned) and the ones that failed to load. */
  public record Listing(List<Pin> pins, List<CorruptObject> unreadable) {
    public Listing {
      pins = List.copyOf(pins);
      unreadable = List.copyOf(unreadable);
    }
  }

  record Body(int version, String pinnedAt, String note) {}

  /**
   * Pins snapshot {@code id} with an optional note. Pinning a pinned snapshot leaves its pin (and
   * note) as it was and says so.
   *
   * @throws NotFound when the snapshot does not exist
   * @throws UsageError when the note is too long or has control characters
   */
  public Pinned pin(SnapshotId id, Optional<String> note) {
    if (store.stat(new BlobName(BlobKind.SNAPSHOT, id.toHex())).isEmpty()) {
      throw new NotFound("snapshot " + id.toShortHex() + " does not exist");
    }
    try {
      note.ifPresent(Pin::checkNote);
    } catch (IllegalArgumentException e) {
      throw new UsageError("pin of snapshot " + id.toShortHex() + ": " + e.getMessage());
    }
    Pin pin = new Pin(id, clock.instant(), note);
    BlobName name = nameOf(id);
    byte[] body;
    try {
      body =
          MAPPER.writeValueAsBytes(new Body(VERSION, pin.pinnedAt().toString(), note.orElse(null)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode pin", e);
    }
    if (store.putIfAbsent(name, sealer.seal(name.path(), body))) {
      return new Pinned(pin, true);
    }
    return new Pinned(load(id).orElse(pin), false);
  }

  /** Removes the pin of {@code id}; false when the snapshot was not pinned. */
  public boolean unpin(SnapshotId id) {
    BlobName name = nameOf(id);
    if (store.stat(name).isEmpty()) {
      return false;
    }
    store.delete(name);
    return true;
  }

  /** True when {@code id} is pinned (asks the storage now, not a cached listing). */
  public boolean isPinned(SnapshotId id) {
    return store.stat(nameOf(id)).isPresent();
  }

  /** The ids of every pinned snapshot, from the names alone: a damaged pin still counts. */
  public Set<SnapshotId> pinnedIds() {
    Set<SnapshotId> ids = new HashSet<>();
    for (BlobInfo info : store.list(BlobKind.PIN)) {
      idOf(info.name()).ifPresent(ids::add);
    }
    return ids;
  }

  /** The pin of {@code id}, if it is pinned. */
  public Optional<Pin> load(SnapshotId id) {
    BlobName name = nameOf(id);
    byte[] plain;
    try {
      plain = sealer.open(name.path(), store.get(name, MAX_PIN_BYTES));
    } catch (NoSuchBlob e) {
      return Optional.empty();
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(
          "pin of snapshot " + id.toShortHex() + " failed authentication (modified or damaged)");
    }
    try {
      Body b = MAPPER.readValue(plain, Body.class);
      if (b.version() != VERSION) {
        throw new IllegalArgumentException("unknown pin version " + b.version());
      }
      if (b.pinnedAt() == null) {
        throw new IllegalArgumentException("no time");
      }
      return Optional.of(new Pin(id, Instant.parse(b.pinnedAt()), Optional.ofNullable(b.note())));
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw new CorruptObject(
          "pin of snapshot " + id.toShortHex() + " is malformed: " + e.getMessage());
    }
  }

  /** Every pin, oldest first; unreadable ones are returned apart (they still protect). */
  public Listing list() {
    List<Pin> pins = new ArrayList<>();
    List<CorruptObject> bad = new ArrayList<>();
    for (SnapshotId id : pinnedIds()) {
      try {
        load(id).ifPresent(pins::add);
      } catch (CorruptObject e) {
        bad.add(e);
      }
    }
    pins.sort(Comparator.comparing(Pin::pinnedAt).thenComparing(Pin::snapshot));
    return new Listing(List.copyOf(pins), List.copyOf(bad));
  }

  private static Optional<SnapshotId> idOf(BlobName name) {
    try {
      return Optional.of(SnapshotId.fromHex(name.name()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // not a pin this version wrote; it names no snapshot
    }
  }

  private static BlobName nameOf(SnapshotId id) {
    return new BlobName(BlobKind.PIN, id.toHex());
  }
}
