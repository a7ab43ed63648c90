package dev.holdfast.tls.ca;

import dev.holdfast.tls.InvalidRequestException;
import java.util.Locale;

/**
 * What a leaf certificate may be used for, written into its extended key usage: serving TLS
 * (serverAuth), authenticating to a server (clientAuth), or both, as a node agent that is a client
 * of the repository server and a server for its own metrics is.
 */
public enum Usage {
  /** A TLS server: extended key usage serverAuth. */
  SERVER,
  /** A TLS client presenting a certificate: extended key usage clientAuth. */
  CLIENT,
  /** Both serverAuth and clientAuth. */
  BOTH;

  /** Whether the certificate may authenticate a server. */
  public boolean serves() {
    return this != CLIENT;
  }

  /** Whether the certificate may authenticate a client. */
  public boolean connects() {
    return this != SERVER;
  }

  /** The command-line spelling: "server", "client", "both". */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #id()}. */
  public static Usage parse(String id) {
    for (Usage usage : values()) {
      if (usage.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
        return usage;
      }
    }
    throw new InvalidRequestException(
        "unknown certificate usage '" + id + "' (use server, client or both)");
  }
}
