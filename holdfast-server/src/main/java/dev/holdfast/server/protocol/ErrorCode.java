package dev.holdfast.server.protocol;

/**
 * Why the server refused or failed a request: sent with the HTTP status in the {@link
 * Headers#ERROR} header and the JSON body, so that the client can tell, for example, a missing blob
 * from a repository the server does not offer (both are 404).
 */
public enum ErrorCode {
  /** 400: the path, a header or the body is malformed. */
  BAD_REQUEST("bad-request"),
  /** 403: the client's identity lacks the permission the request needs. */
  FORBIDDEN("forbidden"),
  /** 404: the server offers no repository of that name to this identity. */
  NO_SUCH_REPOSITORY("no-such-repository"),
  /** 404: the blob does not exist. */
  NO_SUCH_BLOB("no-such-blob"),
  /** 405: the method does not apply to the resource. */
  METHOD_NOT_ALLOWED("method-not-allowed"),
  /** 411: a PUT without Content-Length (chunked bodies are refused). */
  LENGTH_REQUIRED("length-required"),
  /** 412: a PUT of a name that exists; the stored blob is untouched. */
  EXISTS("exists"),
  /** 413: a PUT larger than the server's blob limit. */
  TOO_LARGE("too-large"),
  /** 416: a range that starts at or beyond the blob's end. */
  RANGE_NOT_SATISFIABLE("range-not-satisfiable"),
  /** 428: a PUT without {@code If-None-Match: *}: blobs are never overwritten. */
  PRECONDITION_REQUIRED("precondition-required"),
  /** 429: this identity has too many requests in progress; retry later. */
  TOO_MANY_REQUESTS("too-many-requests"),
  /** 501: the repository's storage cannot do this (object lock on a local folder). */
  NOT_SUPPORTED("not-supported"),
  /** 500: the stored blob is damaged (its size does not match, a read came back short). */
  CORRUPT("corrupt"),
  /** 503: the server is busy or its storage failed in passing; retry later. */
  UNAVAILABLE("unavailable"),
  /**
   * 500: the server's storage refused for good (a full disk, a permission); retrying won't help.
   */
  STORAGE_FAILED("storage-failed");

  private final String label;

  ErrorCode(String label) {
    this.label = label;
  }

  /** The code as sent. */
  public String label() {
    return label;
  }

  /** The code sent as {@code label}, or null when the label is unknown (a newer server). */
  public static ErrorCode fromLabel(String label) {
    for (ErrorCode code : values()) {
      if (code.label.equals(label)) {
        return code;
      }
    }
    return null;
  }
}
