package dev.holdfast.core.repository;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.id.PackId;
import dev.holdfast.core.id.SnapshotId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a prune condemned and what it waits for before deleting (docs/FORMAT.md, "Deletions"): the
 * packs to delete, the ids of the locks that were live when they left the index, and the snapshots
 * the prune had seen, so that the sweep can check the snapshots written since.
 */
public record DeletionRecord(
    Instant created, Set<PackId> packs, Set<String> waitFor, Set<SnapshotId> seenSnapshots) {
  static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  public DeletionRecord {
    Objects.requireNonNull(created, "created");
    packs = Set.copyOf(packs);
    waitFor = Set.copyOf(waitFor);
    seenSnapshots = Set.copyOf(seenSnapshots);
  }

  record Body(
      int version,
      String created,
      List<String> packs,
      List<String> waitFor,
      List<String> seenSnapshots) {}

  byte[] encode() {
    Body body =
        new Body(
            VERSION,
            created.toString(),
            packs.stream().map(PackId::toHex).sorted().toList(),
            new TreeSet<>(waitFor).stream().toList(),
            seenSnapshots.stream().map(SnapshotId::toHex).sorted().toList());
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong
   */
  static DeletionRecord decode(byte[] json) {
    Body b;
    try {
      b = MAPPER.readValue(json, Body.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a deletion record: " + e.getMessage(), e);
    }
    if (b.version() != VERSION) {
      throw new IllegalArgumentException("unknown deletion record version " + b.version());
    }
    try {
      return new DeletionRecord(
          Instant.parse(String.valueOf(b.created())),
          Set.copyOf(b.packs().stream().map(PackId::fromHex).toList()),
          Set.copyOf(b.waitFor()),
          Set.copyOf(b.seenSnapshots().stream().map(SnapshotId::fromHex).toList()));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid deletion record: " + e.getMessage(), e);
    }
  }
}
