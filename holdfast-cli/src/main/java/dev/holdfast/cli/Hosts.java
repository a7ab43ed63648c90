package dev.holdfast.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's host name and the user's name, as recorded in snapshots and key slots. */
public final class Hosts {
  private Hosts() {}

  /** The host name: HOSTNAME, else what the resolver says, else "localhost". */
  public static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The user name of this process. */
  public static String userName() {
    String user = System.getProperty("user.name");
    return user == null ? "" : user;
  }
}
