package dev.holdfast.server.metrics;

import dev.holdfast.server.protocol.Resource;
import java.util.Locale;

/**
 * What a request asked for, as the {@code operation} label counts it: reading a blob (GET, HEAD,
 * its retention date, the repository's description), listing a kind, appending (PUT) or deleting
 * one; {@link #OTHER} for anything the protocol does not have (a malformed path, a wrong method).
 */
enum Operation {
  READ,
  LIST,
  APPEND,
  DELETE,
  OTHER;

  /** The operations of the protocol, whose series exist from the start. */
  static final Operation[] PROTOCOL = {READ, LIST, APPEND, DELETE};

  /** The label value: "read", "list", ... */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The operation of {@code method} on {@code resource}. */
  static Operation of(String method, Resource resource) {
    if (resource instanceof Resource.Blob) {
      switch (method) {
        case "GET":
        case "HEAD":
          return READ;
        case "PUT":
          return APPEND;
        case "DELETE":
          return DELETE;
        default:
          return OTHER;
      }
    }
    if (!method.equals("GET")) {
      return OTHER;
    }
    return resource instanceof Resource.Listing ? LIST : READ;
  }
}
