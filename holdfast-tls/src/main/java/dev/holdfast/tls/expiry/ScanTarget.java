package dev.holdfast.tls.expiry;

import dev.holdfast.tls.InvalidRequestException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code holdfast tls status} is asked to look at: a file or folder, or a live endpoint. */
public sealed interface ScanTarget {
  /** A certificate file, a keystore, or a folder of them. */
  record Local(Path path) implements ScanTarget {}

  /** A TLS server whose handshake shows its chain. */
  record Remote(Endpoint endpoint) implements ScanTarget {}

  /**
   * Reads a command-line argument: an existing path is local; otherwise {@code host:port} is an
   * endpoint; anything else is a path (whose scan then says it is missing).
   */
  static ScanTarget parse(String text) {
    Path path;
    try {
      path = Path.of(text);
    } catch (InvalidPathException e) {
      path = null;
    }
    if (path != null && Files.exists(path)) {
      return new Local(path);
    }
    Optional<Endpoint> endpoint = Endpoint.parse(text);
    if (endpoint.isPresent()) {
      return new Remote(endpoint.get());
    }
    if (path == null) {
      throw new InvalidRequestException("not a path or host:port: '" + text + "'");
    }
    return new Local(path);
  }
}
