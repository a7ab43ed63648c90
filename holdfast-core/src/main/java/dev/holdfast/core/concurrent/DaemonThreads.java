package dev.holdfast.core.concurrent;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Named daemon threads for Holdfast's pools and background tasks. Daemon, so that a pool nobody
 * shut down (after a failure, or a command that exits early) never keeps the JVM alive; named, so
 * the thread shows what it does in logs, thread dumps and profiles.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /** A factory whose threads are all daemon threads called {@code name}. */
  public static ThreadFactory named(String name) {
    Objects.requireNonNull(name, "name");
    return task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Starts {@code task} on a new daemon thread called {@code name} and returns that thread. */
  public static Thread start(String name, Runnable task) {
    Thread thread = named(name).newThread(task);
    thread.start();
    return thread;
  }
}
