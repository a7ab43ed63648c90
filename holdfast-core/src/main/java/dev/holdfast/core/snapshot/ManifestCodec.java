package dev.holdfast.core.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.id.ChunkId;
import dev.holdfast.core.id.SnapshotId;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Encodes a snapshot manifest as JSON (docs/FORMAT.md, "Snapshots") and decodes it with validation.
 * The id is not part of the body: it is the blob's name, bound to the body by the encryption's
 * associated data.
 */
public final class ManifestCodec {
  /** Version of the manifest encoding. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ManifestCodec() {}

  record Body(
      int version,
      String time,
      String host,
      String username,
      String source,
      List<String> paths,
      List<String> tags,
      Map<String, String> labels,
      List<AppVersion> appVersions,
      String parent,
      String tree,
      SnapshotStats stats,
      String programVersion,
      @JsonInclude(JsonInclude.Include.NON_NULL) CopiedFromBody copiedFrom) {}

  /** The optional {@code copiedFrom} object; left out of manifests that were not copied. */
  record CopiedFromBody(String repository, String snapshot) {}

  /** The manifest's bytes. */
  public static byte[] encode(Snapshot s) {
    Body body =
        new Body(
            VERSION,
            s.time().toString(),
            s.host(),
            s.username(),
            s.source(),
            s.paths(),
            s.tags(),
            s.labels(),
            s.appVersions(),
            s.parent().map(SnapshotId::toHex).orElse(null),
            s.tree().toHex(),
            s.stats(),
            s.programVersion(),
            s.copiedFrom()
                .map(c -> new CopiedFromBody(c.repository(), c.snapshot().toHex()))
                .orElse(null));
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode snapshot manifest", e);
    }
  }

  /**
   * Decodes a manifest stored under {@code id}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Snapshot decode(SnapshotId id, byte[] bytes) {
    Body b;
    try {
      b = MAPPER.readValue(bytes, Body.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("manifest does not parse: " + e.getMessage());
    }
    if (b.version() != VERSION) {
      throw new IllegalArgumentException("unknown manifest version " + b.version());
    }
    if (b.time() == null || b.tree() == null || b.source() == null) {
      throw new IllegalArgumentException("manifest lacks time, tree or source");
    }
    try {
      return new Snapshot(
          id,
          OffsetDateTime.parse(b.time()),
          b.host(),
          b.username(),
          b.source(),
          orEmpty(b.paths()),
          orEmpty(b.tags()),
          b.labels() == null ? new TreeMap<>() : new TreeMap<>(b.labels()),
          orEmpty(b.appVersions()),
          Optional.ofNullable(b.parent()).map(SnapshotId::fromHex),
          ChunkId.fromHex(b.tree()),
          b.stats(),
          b.programVersion(),
          Optional.ofNullable(b.copiedFrom()).map(ManifestCodec::copiedFrom));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("manifest time does not parse: " + b.time());
    }
  }

  private static CopiedFrom copiedFrom(CopiedFromBody c) {
    if (c.snapshot() == null) {
      throw new IllegalArgumentException("copiedFrom lacks the snapshot");
    }
    return new CopiedFrom(c.repository(), SnapshotId.fromHex(c.snapshot()));
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
