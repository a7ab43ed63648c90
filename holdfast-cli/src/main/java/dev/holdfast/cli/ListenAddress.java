package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.net.InetSocketAddress;

/**
 * Parses the {@code HOST:PORT} of a {@code --listen}-style option ({@code [::1]:PORT} for IPv6).
 */
public final class ListenAddress {
  private ListenAddress() {}

  /**
   * The address {@code text} names.
   *
   * @throws UsageError naming {@code option} when it is not HOST:PORT with a port 0 to 65535
   */
  public static InetSocketAddress parse(String text, String option) {
    int colon = text.lastIndexOf(':');
    try {
      if (colon <= 0) {
        throw new NumberFormatException();
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new UsageError(option + " '" + text + "' is not HOST:PORT (port 0 to 65535)");
    }
  }
}
