package dev.holdfast.core.repository;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.WrongPassphrase;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.crypto.KeySlot;
import dev.holdfast.core.crypto.MasterKey;
import dev.holdfast.core.id.Id256;
import dev.holdfast.core.id.KeyId;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The key slots of a repository: each wraps the one master key under a passphrase, so passphrases
 * can be added, changed and removed without re-encrypting any data.
 */
public final class KeyRing {
  private final BlobStore store;
  private final SecureRandom random;
  private final Clock clock;

  KeyRing(BlobStore store, SecureRandom random, Clock clock) {
    this.store = store;
    this.random = random;
    this.clock = clock;
  }

  /** A key slot that opened, and the master key it held. */
  record Unlocked(KeySlot slot, MasterKey key) {}

  /** Every readable key slot, oldest first. */
  public List<KeySlot> list() {
    List<KeySlot> slots = new ArrayList<>();
    for (BlobInfo info : store.list(BlobKind.KEY)) {
      read(info.name()).ifPresent(slots::add);
    }
    slots.sort(Comparator.comparing(KeySlot::created).thenComparing(KeySlot::id));
    return slots;
  }

  /** Finds the slot that {@code passphrase} opens. */
  Unlocked unlock(char[] passphrase) {
    List<BlobInfo> infos = store.list(BlobKind.KEY);
    int readable = 0;
    List<String> broken = new ArrayList<>();
    for (BlobInfo info : infos) {
      Optional<KeySlot> slot;
      try {
        slot = read(info.name());
      } catch (CorruptObject e) {
        broken.add(info.name().path());
        continue;
      }
      if (slot.isEmpty()) {
        continue;
      }
      readable++;
      Optional<MasterKey> key = slot.get().unlock(passphrase);
      if (key.isPresent()) {
        return new Unlocked(slot.get(), key.get());
      }
    }
    if (readable == 0 && !broken.isEmpty()) {
      throw new CorruptObject(
          "no key slot of the repository at " + store.location() + " is readable: " + broken);
    }
    if (readable == 0) {
      throw new CorruptObject("the repository at " + store.location() + " has no key slots");
    }
    throw new WrongPassphrase(
        "wrong passphrase: no key slot of the repository at "
            + store.location()
            + " opens with it");
  }

  /** Wraps {@code key} under a new passphrase in a new slot. */
  KeySlot add(MasterKey key, char[] passphrase, KdfParams kdf, String host, String user) {
    KeySlot slot =
        KeySlot.create(
            KeyId.random(random), key, passphrase, kdf, clock.instant(), host, user, random);
    store.putIfAbsent(nameOf(slot.id()), slot.toJson());
    return slot;
  }

  /** Removes a slot; refuses the slot in use and the last one (the data would be lost). */
  void remove(KeyId id, KeyId inUse) {
    if (id.equals(inUse)) {
      throw new UsageError(
          "key "
              + id
              + " is the one this command opened the repository with; remove it with another passphrase");
    }
    if (store.stat(nameOf(id)).isEmpty()) {
      throw new NotFound("key " + id + " does not exist");
    }
    if (list().size() <= 1) {
      throw new UsageError("key " + id + " is the last key: removing it would lose the repository");
    }
    store.delete(nameOf(id));
  }

  /** Finds a key by a unique id prefix. */
  KeyId resolve(String prefix) {
    String p = prefix.toLowerCase(Locale.ROOT);
    if (p.length() < 4 || !Id256.isHexPrefix(p)) {
      throw new UsageError("'" + prefix + "' is not a key id: give at least 4 hex characters");
    }
    List<KeyId> hits =
        store.list(BlobKind.KEY).stream()
            .map(i -> i.name().name())
            .filter(n -> n.startsWith(p))
            .map(KeyId::fromHex)
            .toList();
    if (hits.isEmpty()) {
      throw new NotFound("no key id starts with " + p);
    }
    if (hits.size() > 1) {
      throw new UsageError("key prefix " + p + " is ambiguous; give more characters");
    }
    return hits.get(0);
  }

  private Optional<KeySlot> read(BlobName name) {
    if (name.name().length() != Id256.BYTES * 2) {
      return Optional.empty();
    }
    byte[] json = store.get(name, KeySlot.MAX_JSON_BYTES);
    try {
      return Optional.of(KeySlot.parse(KeyId.fromHex(name.name()), json));
    } catch (IllegalArgumentException e) {
      throw new CorruptObject("key file " + name + " is corrupted: " + e.getMessage());
    }
  }

  static BlobName nameOf(KeyId id) {
    return new BlobName(BlobKind.KEY, id.toHex());
  }
}
