package dev.holdfast.sast.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The waivers of a repository: one sealed blob {@code waivers/<id>} each (docs/FORMAT.md,
 * "Waivers"). Thread-safe.
 */
public final class WaiverStore {
  /** Largest waiver blob a reader accepts. */
  static final long MAX_BYTES = 64 * 1024;

  static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final BlobStore store;
  private final ObjectSealer sealer;
  private final SecureRandom random;
  private final Clock clock;

  public WaiverStore(Repository repo) {
    this.store = repo.store();
    this.sealer = repo.key().objectSealer();
    this.random = repo.random();
    this.clock = repo.clock();
  }

  /** Readable waivers, oldest first, and the ones that failed to load. */
  public record Listing(List<Waiver> waivers, List<CorruptObject> unreadable) {
    public Listing {
      waivers = List.copyOf(waivers);
      unreadable = List.copyOf(unreadable);
    }
  }

  record Body(
      int version,
      String app,
      String finding,
      String reason,
      String until,
      String createdAt,
      String by) {}

  /**
   * Waives {@code finding} of {@code app} until {@code until}.
   *
   * @throws UsageError when the reason is unacceptable or {@code until} is not in the future
   */
  public Waiver add(String app, FindingId finding, String reason, Instant until, String by) {
    Instant now = clock.instant();
    try {
      new AppVersion(app, "0"); // checks the application name
      Waiver.checkReason(reason);
    } catch (IllegalArgumentException e) {
      throw new UsageError("waiver of finding " + finding + ": " + e.getMessage());
    }
    if (!until.isAfter(now)) {
      throw new UsageError(
          "waiver of finding " + finding + ": the end date " + until + " is not in the future");
    }
    byte[] raw = new byte[16];
    random.nextBytes(raw);
    Waiver waiver = new Waiver(HexFormat.of().formatHex(raw), app, finding, reason, until, now, by);
    BlobName name = nameOf(waiver.id());
    byte[] body;
    try {
      body =
          MAPPER.writeValueAsBytes(
              new Body(VERSION, app, finding.hex(), reason, until.toString(), now.toString(), by));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode waiver", e);
    }
    if (!store.putIfAbsent(name, sealer.seal(name.path(), body))) {
      throw new IllegalStateException("waiver id collision: " + waiver.id());
    }
    return waiver;
  }

  /** Every waiver, active or expired, oldest first. */
  public Listing list() {
    List<Waiver> waivers = new ArrayList<>();
    List<CorruptObject> bad = new ArrayList<>();
    for (BlobInfo info : store.list(BlobKind.WAIVER)) {
      try {
        waivers.add(load(info.name()));
      } catch (CorruptObject e) {
        bad.add(e);
      } catch (NotFound e) {
        // removed while we listed
      }
    }
    waivers.sort(Comparator.comparing(Waiver::createdAt).thenComparing(Waiver::id));
    return new Listing(waivers, bad);
  }

  /**
   * Removes the waiver whose id starts with {@code prefix} (at least 4 hex digits), readable or
   * not.
   *
   * @return the waiver removed, or empty when it could not be read (it is removed all the same)
   * @throws NotFound when none matches
   * @throws UsageError when the prefix is malformed or ambiguous
   */
  public Optional<Waiver> remove(String prefix) {
    if (!prefix.matches("[0-9a-f]{4,32}")) {
      throw new UsageError("a waiver id is 4 to 32 lower-case hex digits, not '" + prefix + "'");
    }
    List<BlobName> matches =
        store.list(BlobKind.WAIVER).stream()
            .map(BlobInfo::name)
            .filter(n -> n.name().startsWith(prefix))
            .toList();
    if (matches.isEmpty()) {
      throw new NotFound("no waiver has id " + prefix);
    }
    if (matches.size() > 1) {
      throw new UsageError("waiver id " + prefix + " is ambiguous: give more digits");
    }
    Optional<Waiver> waiver;
    try {
      waiver = Optional.of(load(matches.get(0)));
    } catch (CorruptObject e) {
      waiver = Optional.empty();
    }
    store.delete(matches.get(0));
    return waiver;
  }

  private Waiver load(BlobName name) {
    byte[] plain;
    try {
      plain = sealer.open(name.path(), store.get(name, MAX_BYTES));
    } catch (NoSuchBlob e) {
      throw new NotFound("waiver " + name.name() + " is gone");
    } catch (AuthenticationFailed e) {
      throw new CorruptObject(
          "waiver " + name.name() + " failed authentication (modified or damaged)");
    }
    try {
      Body b = MAPPER.readValue(plain, Body.class);
      if (b.version() != VERSION) {
        throw new IllegalArgumentException("unknown waiver version " + b.version());
      }
      return new Waiver(
          name.name(),
          b.app(),
          new FindingId(b.finding()),
          b.reason(),
          Instant.parse(b.until()),
          Instant.parse(b.createdAt()),
          b.by());
    } catch (IOException | IllegalArgumentException | DateTimeException | NullPointerException e) {
      throw new CorruptObject("waiver " + name.name() + " is malformed: " + e.getMessage());
    }
  }

  private static BlobName nameOf(String id) {
    return new BlobName(BlobKind.WAIVER, id);
  }
}
