package dev.holdfast.tls.expiry;

import dev.holdfast.tls.InvalidRequestException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TLS server to inspect, named as {@code host:port}; an IPv6 literal is written in brackets
 * ({@code [::1]:8443}).
 */
public record Endpoint(String host, int port) {
  private static final Pattern HOST_PORT =
      Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9]([A-Za-z0-9.-]{0,252}))):(\\d{1,5})");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Validates the port and that there is a host. */
  public Endpoint {
    if (host == null || host.isBlank()) {
      throw new InvalidRequestException("an endpoint needs a host");
    }
    if (port < 1 || port > 65_535) {
      throw new InvalidRequestException("port " + port + " is out of range (1 to 65535)");
    }
  }

  /** The endpoint {@code text} names, if it has the form {@code host:port}. */
  public static Optional<Endpoint> parse(String text) {
    Matcher matcher = HOST_PORT.matcher(text.strip());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String host = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
    return Optional.of(new Endpoint(host, Integer.parseInt(matcher.group(4))));
  }

  /** Whether the host is an IP address literal, to which no server name (SNI) is sent. */
  public boolean isIpLiteral() {
    return host.contains(":") || IPV4.matcher(host).matches();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
