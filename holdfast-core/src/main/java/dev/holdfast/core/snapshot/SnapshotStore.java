package dev.holdfast.core.snapshot;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.id.Id256;
import dev.holdfast.core.id.SnapshotId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Stores, lists and finds snapshot manifests, each a sealed blob under {@code snapshots/<id>}.
 * Listing may go through a local {@link SnapshotCache} of decoded manifests. Thread-safe (it holds
 * no mutable state).
 */
public final class SnapshotStore {
  /** Oldest first, then by id: the order of every listing. */
  public static final Comparator<Snapshot> CHRONOLOGICAL =
      Comparator.comparingLong((Snapshot s) -> s.time().toEpochSecond())
          .thenComparingInt(s -> s.time().getNano())
          .thenComparing(Snapshot::id);

  /** Largest snapshot manifest a reader accepts. */
  static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

  private final BlobStore store;
  private final ObjectSealer sealer;
  private final SecureRandom random;
  private final SnapshotCache cache;

  /** A store that reads every manifest from storage when it lists. */
  public SnapshotStore(BlobStore store, ObjectSealer sealer, SecureRandom random) {
    this(store, sealer, random, null);
  }

  private SnapshotStore(
      BlobStore store, ObjectSealer sealer, SecureRandom random, SnapshotCache cache) {
    this.store = store;
    this.sealer = sealer;
    this.random = random;
    this.cache = cache;
  }

  /**
   * This store listing through {@code cache}: {@link #list()} then reads only the manifests the
   * cache lacks and updates it (docs/DESIGN.md, "Snapshot cache").
   */
  public SnapshotStore withCache(SnapshotCache cache) {
    return new SnapshotStore(store, sealer, random, Objects.requireNonNull(cache, "cache"));
  }

  /** The result of listing: readable snapshots (oldest first) and the ones that failed to load. */
  public record Listing(List<Snapshot> snapshots, List<CorruptObject> unreadable) {
    public Listing {
      snapshots = List.copyOf(snapshots);
      unreadable = List.copyOf(unreadable);
    }
  }

  /**
   * Stores {@code snapshot} under a fresh random id (the id it carries is replaced): the commit
   * point of a backup.
   */
  public Snapshot save(Snapshot snapshot) {
    Snapshot stored = snapshot.withId(SnapshotId.random(random));
    BlobName name = nameOf(stored.id());
    store.putIfAbsent(name, sealer.seal(name.path(), ManifestCodec.encode(stored)));
    return stored;
  }

  /** Loads one snapshot. */
  public Snapshot load(SnapshotId id) {
    return fetch(id).snapshot();
  }

  /**
   * Reads, authenticates and decodes the manifest of {@code id} from storage.
   *
   * @throws NotFound when it does not exist
   * @throws CorruptObject when it fails authentication or does not decode
   */
  private SnapshotCache.Entry fetch(SnapshotId id) {
    BlobName name = nameOf(id);
    byte[] sealed;
    try {
      sealed = store.get(name, MAX_MANIFEST_BYTES);
    } catch (NoSuchBlob e) {
      throw new NotFound("snapshot " + id + " does not exist");
    }
    byte[] plain;
    try {
      plain = sealer.open(name.path(), sealed);
    } catch (AuthenticationFailed e) {
      throw new CorruptObject("snapshot " + id + " failed authentication (modified or damaged)");
    }
    try {
      return new SnapshotCache.Entry(ManifestCodec.decode(id, plain), sealed.length);
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("snapshot " + id + " is malformed: " + e.getMessage());
    }
  }

  /**
   * Every snapshot, oldest first; unreadable ones are returned apart, never dropped silently. The
   * storage listing decides which snapshots exist; with a cache, only the manifests it lacks are
   * read, so a manifest damaged in storage after it was cached is still listed (check reads them
   * all with {@link #listFromStorage()}).
   */
  public Listing list() {
    if (cache == null) {
      return listFromStorage();
    }
    List<BlobInfo> stored = store.list(BlobKind.SNAPSHOT);
    Map<SnapshotId, SnapshotCache.Entry> cached = cache.read();
    List<SnapshotCache.Entry> listed = new ArrayList<>(stored.size());
    List<CorruptObject> bad = new ArrayList<>();
    boolean fetched = false;
    for (BlobInfo info : stored) {
      SnapshotId id = SnapshotId.fromHex(info.name().name());
      SnapshotCache.Entry entry = cached.get(id);
      // A name never gets other content (docs/DESIGN.md, "Snapshot cache"); another size would be
      // damage in the cache or in storage, so the manifest is read again.
      if (entry == null || entry.sealedSize() != info.size()) {
        try {
          entry = fetch(id);
          fetched = true;
        } catch (CorruptObject e) {
          bad.add(e);
          continue;
        } catch (NotFound e) {
          continue; // deleted between listing and loading (a concurrent forget)
        }
      }
      listed.add(entry);
    }
    // Without a fetch, what is listed is a subset of the cache: the same size means the same set.
    if (fetched || listed.size() != cached.size()) {
      cache.write(listed);
    }
    List<Snapshot> good = new ArrayList<>(listed.size());
    listed.forEach(e -> good.add(e.snapshot()));
    good.sort(CHRONOLOGICAL);
    return new Listing(List.copyOf(good), List.copyOf(bad));
  }

  /**
   * Every snapshot as {@link #list()} gives them, each manifest read and authenticated from storage
   * whatever the cache holds: for check, which must find a manifest damaged in storage.
   */
  public Listing listFromStorage() {
    List<Snapshot> good = new ArrayList<>();
    List<CorruptObject> bad = new ArrayList<>();
    for (BlobInfo info : store.list(BlobKind.SNAPSHOT)) {
      SnapshotId id = SnapshotId.fromHex(info.name().name());
      try {
        good.add(load(id));
      } catch (CorruptObject e) {
        bad.add(e);
      } catch (NotFound e) {
        // deleted between listing and loading (a concurrent forget): not part of the listing
      }
    }
    good.sort(CHRONOLOGICAL);
    return new Listing(List.copyOf(good), List.copyOf(bad));
  }

  /**
   * When storage object lock stops protecting the manifest of {@code id} from deletion; empty when
   * it is not protected.
   */
  public Optional<Instant> retainedUntil(SnapshotId id) {
    return store.retainedUntil(nameOf(id));
  }

  /** Removes a snapshot manifest (its data stays until prune). */
  public void delete(SnapshotId id) {
    store.delete(nameOf(id));
  }

  /**
   * Finds the snapshot a user means by {@code ref}: {@code latest} (the newest of those matching
   * {@code filter}) or a unique prefix of an id (at least 4 hex characters).
   */
  public Snapshot resolve(String ref, Predicate<Snapshot> filter) {
    return resolve(ref, filter, list().snapshots());
  }

  /**
   * Finds the snapshot {@code ref} means among {@code all} (a listing already made), as {@link
   * #resolve(String, Predicate)} does.
   */
  public static Snapshot resolve(String ref, Predicate<Snapshot> filter, List<Snapshot> all) {
    if ("latest".equals(ref)) {
      return all.stream()
          .filter(filter)
          .max(CHRONOLOGICAL)
          .orElseThrow(() -> new NotFound("no snapshot matches 'latest'"));
    }
    String prefix = ref == null ? "" : ref.toLowerCase(Locale.ROOT);
    if (prefix.length() < 4 || !Id256.isHexPrefix(prefix)) {
      throw new UsageError(
          "'" + ref + "' is not a snapshot: give 'latest' or at least 4 hex characters of an id");
    }
    List<Snapshot> hits = all.stream().filter(s -> s.id().toHex().startsWith(prefix)).toList();
    if (hits.isEmpty()) {
      throw new NotFound("no snapshot id starts with " + prefix);
    }
    if (hits.size() > 1) {
      throw new UsageError(
          "snapshot prefix "
              + prefix
              + " is ambiguous ("
              + hits.size()
              + " snapshots); give more characters");
    }
    return hits.get(0);
  }

  /** The newest snapshot of {@code source}, if any (the parent of the next backup of it). */
  public Optional<Snapshot> latestOf(String source) {
    return list().snapshots().stream().filter(s -> s.source().equals(source)).max(CHRONOLOGICAL);
  }

  private static BlobName nameOf(SnapshotId id) {
    return new BlobName(BlobKind.SNAPSHOT, id.toHex());
  }
}
