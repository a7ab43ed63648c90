package dev.holdfast.server.protocol;

import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.util.Objects;

/**
 * What a request path names (docs/SERVER.md, "Resources"). The server parses paths with {@link
 * #parse}, which accepts only the exact forms below and validates every name through {@link
 * BlobName}, so no request text ever becomes a storage path; the client builds paths with {@link
 * #path()}.
 *
 * <ul>
 *   <li>{@code /NAME/} — the repository's description
 *   <li>{@code /NAME/config} and {@code /NAME/FOLDER/HEX} — one blob ({@code FOLDER} is a {@link
 *       BlobKind#folder()}: {@code data}, {@code index}, {@code snapshots}, ...)
 *   <li>{@code /NAME/FOLDER/} — the list of the blobs of one kind
 *   <li>{@code /NAME/retention/config} and {@code /NAME/retention/FOLDER/HEX} — a blob's object
 *       lock date
 * </ul>
 */
public sealed interface Resource {
  /** The folder of retention queries; no blob kind has this folder. */
  String RETENTION = "retention";

  /** The repository the resource belongs to. */
  RepositoryName repository();

  /** The request path, e.g. {@code /main/data/3fa2...}. */
  String path();

  /** The repository's description: which optional features its storage has. */
  record Description(RepositoryName repository) implements Resource {
    public Description {
      Objects.requireNonNull(repository, "repository");
    }

    @Override
    public String path() {
      return "/" + repository + "/";
    }
  }

  /** One blob. */
  record Blob(RepositoryName repository, BlobName name) implements Resource {
    public Blob {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String path() {
      return "/" + repository + "/" + relative(name);
    }
  }

  /** Every blob of one kind (not {@link BlobKind#CONFIG}, whose one blob {@link Blob} names). */
  record Listing(RepositoryName repository, BlobKind kind) implements Resource {
    public Listing {
      Objects.requireNonNull(repository, "repository");
      if (kind == null || kind == BlobKind.CONFIG) {
        throw new IllegalArgumentException("no listing of kind " + kind);
      }
    }

    @Override
    public String path() {
      return "/" + repository + "/" + kind.folder() + "/";
    }
  }

  /** The date until which storage keeps one blob immutable. */
  record Retention(RepositoryName repository, BlobName name) implements Resource {
    public Retention {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String path() {
      return "/" + repository + "/" + RETENTION + "/" + relative(name);
    }
  }

  /**
   * The resource named by {@code rawPath}, the path as sent (not decoded: an escaped character is
   * never valid in any segment).
   *
   * @throws IllegalArgumentException naming what is malformed; the text is cut and made printable
   */
  static Resource parse(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw malformed(rawPath, "it must start with /");
    }
    String[] segments = rawPath.substring(1).split("/", -1);
    if (!RepositoryName.isValid(segments[0])) {
      throw malformed(rawPath, "the first segment is not a repository name");
    }
    RepositoryName repository = new RepositoryName(segments[0]);
    if (segments.length == 1 || (segments.length == 2 && segments[1].isEmpty())) {
      return new Description(repository);
    }
    boolean retention = segments[1].equals(RETENTION);
    int first = retention ? 2 : 1;
    int rest = segments.length - first;
    if (rest == 1 && segments[first].equals(BlobKind.CONFIG.folder())) {
      return retention
          ? new Retention(repository, BlobName.CONFIG)
          : new Blob(repository, BlobName.CONFIG);
    }
    BlobKind kind = rest == 2 ? kindOfFolder(segments[first]) : null;
    if (kind == null || kind == BlobKind.CONFIG) {
      throw malformed(rawPath, "expected /NAME/config, /NAME/FOLDER/ or /NAME/FOLDER/NAME");
    }
    String name = segments[first + 1];
    if (name.isEmpty() && !retention) {
      return new Listing(repository, kind);
    }
    if (!BlobName.isValid(kind, name)) {
      throw malformed(rawPath, "'" + kind.folder() + "' blobs are named by 2 to 64 hex digits");
    }
    BlobName blob = new BlobName(kind, name);
    return retention ? new Retention(repository, blob) : new Blob(repository, blob);
  }

  /** The kind whose folder is {@code folder}, or null. */
  static BlobKind kindOfFolder(String folder) {
    for (BlobKind kind : BlobKind.values()) {
      if (kind.folder().equals(folder)) {
        return kind;
      }
    }
    return null;
  }

  private static String relative(BlobName name) {
    return name.kind() == BlobKind.CONFIG ? name.name() : name.kind().folder() + "/" + name.name();
  }

  private static IllegalArgumentException malformed(String rawPath, String why) {
    return new IllegalArgumentException(
        "malformed path '" + SafeText.printable(rawPath, 200) + "': " + why);
  }
}
