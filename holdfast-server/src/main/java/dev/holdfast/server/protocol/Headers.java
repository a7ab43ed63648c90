package dev.holdfast.server.protocol;

/** The protocol's own HTTP header names (docs/SERVER.md, "Headers"). */
public final class Headers {
  private Headers() {}

  /** On HEAD and GET of a blob: when storage stored it, as an ISO-8601 instant, exactly. */
  public static final String MODIFIED = "Holdfast-Modified";

  /** On every error response: the {@link ErrorCode}, so a HEAD's bodiless error is still told. */
  public static final String ERROR = "Holdfast-Error";

  /**
   * On every error answer: the message, in printable ASCII (other characters become {@code ?}), for
   * answers whose body a client cannot read (HEAD; an upload refused before it was sent).
   */
  public static final String ERROR_MESSAGE = "Holdfast-Error-Message";

  /**
   * On a PUT: keep the blob immutable in storage, as {@code MODE PERIOD} (e.g. {@code compliance
   * P30D}); see {@link dev.holdfast.core.storage.Retention}.
   */
  public static final String RETENTION = "Holdfast-Retention";

  /** The media type of every JSON body. */
  public static final String JSON = "application/json";

  /** The media type of blob bodies. */
  public static final String OCTETS = "application/octet-stream";
}
