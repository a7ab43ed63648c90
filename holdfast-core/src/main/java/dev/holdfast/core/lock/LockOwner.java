package dev.holdfast.core.lock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who takes a lock: recorded in it so that a person (and {@code unlock}) can tell whose it is, and
 * so that a lock of a process that died on this same host is recognised as stale at once.
 *
 * @param pidNamespace the Linux pid namespace of the process ({@code pid:[4026531836]}), empty
 *     where unknown: containers on one node may share a host name but not process ids, so a pid is
 *     only looked up when host and namespace both match
 */
public record LockOwner(String host, String username, long pid, String pidNamespace) {
  public LockOwner {
    host = host == null ? "" : host;
    username = username == null ? "" : username;
    pidNamespace = pidNamespace == null ? "" : pidNamespace;
  }

  /** This process on {@code host}, run by {@code username}. */
  public static LockOwner thisProcess(String host, String username) {
    return new LockOwner(host, username, ProcessHandle.current().pid(), currentPidNamespace());
  }

  /** True when {@code other} runs where this owner can see its process id. */
  public boolean sharesProcessesWith(LockOwner other) {
    return !host.isEmpty()
        && !pidNamespace.isEmpty()
        && host.equals(other.host)
        && pidNamespace.equals(other.pidNamespace);
  }

  private static String currentPidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return "";
    }
  }
}
