package dev.holdfast.core.snapshot;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.id.ChunkId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Encodes a {@link Tree} as deterministic JSON (docs/FORMAT.md, "Trees") and decodes it back,
 * validating everything: a tree read from a repository is hostile input until proven otherwise.
 */
public final class TreeCodec {
  /** Version of the tree encoding, written into every tree. */
  public static final int VERSION = 1;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 20).build())
          .build();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private TreeCodec() {}

  /** The canonical bytes of {@code tree}. */
  public static byte[] encode(Tree tree) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + tree.entries().size() * 200);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", VERSION);
      g.writeArrayFieldStart("entries");
      for (TreeEntry e : tree.entries()) {
        writeEntry(g, e);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeEntry(JsonGenerator g, TreeEntry e) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", e.name());
    g.writeStringField("type", typeName(e));
    Metadata m = e.meta();
    g.writeNumberField("mode", m.mode());
    g.writeNumberField("uid", m.uid());
    g.writeNumberField("gid", m.gid());
    g.writeStringField("user", m.user());
    g.writeStringField("group", m.group());
    g.writeNumberField("mtimeNs", m.mtimeNs());
    g.writeNumberField("ctimeNs", m.ctimeNs());
    g.writeNumberField("inode", m.inode());
    g.writeNumberField("device", m.device());
    g.writeNumberField("links", m.links());
    if (e instanceof TreeEntry.File f) {
      g.writeNumberField("size", f.size());
      g.writeArrayFieldStart("content");
      for (ChunkId id : f.content()) {
        g.writeString(id.toHex());
      }
      g.writeEndArray();
    } else if (e instanceof TreeEntry.Directory d) {
      g.writeStringField("subtree", d.subtree().toHex());
    } else if (e instanceof TreeEntry.Symlink s) {
      g.writeStringField("target", s.target());
    } else if (e instanceof TreeEntry.Special s) {
      g.writeStringField("kind", s.kind().name().toLowerCase(Locale.ROOT));
      g.writeNumberField("rdev", s.rdev());
    }
    g.writeEndObject();
  }

  /** The type name an entry is written with: file, dir, symlink or special. */
  public static String typeName(TreeEntry e) {
    if (e instanceof TreeEntry.File) {
      return "file";
    }
    if (e instanceof TreeEntry.Directory) {
      return "dir";
    }
    if (e instanceof TreeEntry.Symlink) {
      return "symlink";
    }
    return "special";
  }

  /**
   * Decodes and validates a tree.
   *
   * @throws IllegalArgumentException naming what is wrong (the caller adds which tree)
   */
  public static Tree decode(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("tree is not a JSON object");
    }
    int version = root.path("version").asInt(-1);
    if (version != VERSION) {
      throw new IllegalArgumentException("unknown tree version " + root.path("version"));
    }
    JsonNode entries = root.path("entries");
    if (!entries.isArray()) {
      throw new IllegalArgumentException("tree has no entries array");
    }
    List<TreeEntry> list = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      try {
        list.add(readEntry(entries.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("entry " + i + ": " + e.getMessage());
      }
    }
    return new Tree(list);
  }

  private static TreeEntry readEntry(JsonNode n) {
    String name = text(n, "name");
    String problem = TreeNames.problem(name);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    Metadata meta =
        new Metadata(
            (int) integer(n, "mode"),
            (int) integer(n, "uid"),
            (int) integer(n, "gid"),
            text(n, "user"),
            text(n, "group"),
            integer(n, "mtimeNs"),
            integer(n, "ctimeNs"),
            integer(n, "inode"),
            integer(n, "device"),
            (int) integer(n, "links"));
    String type = text(n, "type");
    switch (type) {
      case "file":
        JsonNode content = n.path("content");
        if (!content.isArray()) {
          throw new IllegalArgumentException("file has no content array");
        }
        List<ChunkId> ids = new ArrayList<>(content.size());
        for (JsonNode c : content) {
          ids.add(ChunkId.fromHex(c.asText()));
        }
        return new TreeEntry.File(name, meta, integer(n, "size"), ids);
      case "dir":
        return new TreeEntry.Directory(name, meta, ChunkId.fromHex(text(n, "subtree")));
      case "symlink":
        return new TreeEntry.Symlink(name, meta, text(n, "target"));
      case "special":
        String kind = text(n, "kind").toUpperCase(Locale.ROOT);
        for (TreeEntry.SpecialKind k : TreeEntry.SpecialKind.values()) {
          if (k.name().equals(kind)) {
            return new TreeEntry.Special(name, meta, k, integer(n, "rdev"));
          }
        }
        throw new IllegalArgumentException("unknown special kind '" + kind + "'");
      default:
        throw new IllegalArgumentException("unknown entry type '" + type + "'");
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("missing text field '" + field + "'");
    }
    return v.asText();
  }

  private static long integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException("missing integer field '" + field + "'");
    }
    return v.asLong();
  }
}
