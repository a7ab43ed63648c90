package dev.holdfast.core.repository;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.crypto.AuthenticationFailed;
import dev.holdfast.core.crypto.ObjectSealer;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The sealed {@link DeletionRecord}s under {@code deletions/}: what prunes condemned and are
 * waiting to delete (written and swept by prune, read by check).
 */
public final class Deletions {
  private static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

  private final BlobStore store;
  private final ObjectSealer sealer;
  private final SecureRandom random;

  public Deletions(BlobStore store, ObjectSealer sealer, SecureRandom random) {
    this.store = store;
    this.sealer = sealer;
    this.random = random;
  }

  /** A stored record and its name. */
  public record Stored(BlobName name, DeletionRecord record) {}

  /** Stores {@code record} under a fresh random name. */
  public BlobName save(DeletionRecord record) {
    byte[] n = new byte[32];
    random.nextBytes(n);
    BlobName name = new BlobName(BlobKind.DELETION, HexFormat.of().formatHex(n));
    store.putIfAbsent(name, sealer.seal(name.path(), record.encode()));
    return name;
  }

  /**
   * Every record, in no particular order (each is swept on its own).
   *
   * @throws CorruptObject when a record cannot be read: its packs would never be swept, and prune
   *     must not guess what they were
   */
  public List<Stored> list() {
    List<Stored> records = new ArrayList<>();
    for (BlobInfo info : store.list(BlobKind.DELETION)) {
      read(info.name()).ifPresent(r -> records.add(new Stored(info.name(), r)));
    }
    return records;
  }

  /** Removes a swept record. */
  public void delete(BlobName name) {
    store.delete(name);
  }

  private Optional<DeletionRecord> read(BlobName name) {
    try {
      return Optional.of(
          DeletionRecord.decode(sealer.open(name.path(), store.get(name, MAX_RECORD_BYTES))));
    } catch (NoSuchBlob e) {
      return Optional.empty(); // swept by another prune meanwhile
    } catch (AuthenticationFailed e) {
      throw new CorruptObject("deletion record " + name + " failed authentication");
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("deletion record " + name + " is malformed: " + e.getMessage());
    }
  }
}
