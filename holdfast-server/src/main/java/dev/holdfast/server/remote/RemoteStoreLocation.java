package dev.holdfast.server.remote;

import dev.holdfast.core.UsageError;
import dev.holdfast.server.protocol.RepositoryName;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * A repository on a repository server, as the user writes it: {@code https://host:port/NAME}. Only
 * {@code https} is accepted (the server requires TLS), the port is required, and credentials,
 * queries, fragments and further path segments are refused, credentials without being echoed.
 *
 * @param host the server's name or address, as its certificate must name it
 * @param port the server's port
 * @param repository the repository's name on the server
 */
public record RemoteStoreLocation(String host, int port, RepositoryName repository) {
  /** What every server location starts with. */
  public static final String SCHEME = "https://";

  public RemoteStoreLocation {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(repository, "repository");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not 1..65535");
    }
  }

  /** True when {@code text} names a repository server ({@code https://...}). */
  public static boolean isRemote(String text) {
    return text != null && text.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
  }

  /**
   * Parses {@code https://host:port/NAME}.
   *
   * @throws UsageError naming what is wrong
   */
  public static RemoteStoreLocation parse(String text) {
    if (!isRemote(text)) {
      throw new UsageError("not a repository server location (https://host:port/NAME): " + text);
    }
    if (text.contains("@")) {
      throw new UsageError(
          "a repository server location must not contain credentials (user@); the client"
              + " certificate identifies you");
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new UsageError("malformed repository server location " + text + ": " + e.getReason());
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UsageError(text + ": queries and fragments (? and #) are not allowed");
    }
    if (uri.getHost() == null) {
      throw new UsageError(text + ": the host is missing or malformed");
    }
    if (uri.getPort() < 0) {
      throw new UsageError(text + ": give the server's port (https://host:port/NAME)");
    }
    if (uri.getPort() < 1 || uri.getPort() > 65535) {
      throw new UsageError(text + ": port " + uri.getPort() + " is not 1..65535");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String name = path.startsWith("/") ? path.substring(1) : path;
    if (name.endsWith("/")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!RepositoryName.isValid(name)) {
      throw new UsageError(
          text
              + ": expected one repository name after the port (1 to 63 lower-case letters,"
              + " digits, - and _)");
    }
    return new RemoteStoreLocation(
        uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(), new RepositoryName(name));
  }

  /** The URI of the server's resource at {@code path} (which starts with {@code /NAME/}). */
  URI resolve(String path) {
    return URI.create(SCHEME + host + ":" + port + path);
  }

  /** The server without the repository, for messages. */
  public String server() {
    return SCHEME + host + ":" + port;
  }

  @Override
  public String toString() {
    return server() + "/" + repository;
  }
}
