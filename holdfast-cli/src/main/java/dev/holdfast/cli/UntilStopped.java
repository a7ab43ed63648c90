package dev.holdfast.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Waiting, in a long-running command ({@code serve}, {@code operator}, {@code agent}), until the
 * process is told to stop: SIGINT or SIGTERM (the JVM's shutdown), or an interrupt of the command's
 * thread (how tests stop it).
 */
public final class UntilStopped {
  private UntilStopped() {}

  /**
   * Blocks until the process shuts down or this thread is interrupted; returns true when it was
   * interrupted, so the caller can close what it runs and then set the flag again.
   */
  public static boolean await(String name) {
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(stopped::countDown, name + "-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
      return false;
    } catch (InterruptedException e) {
      return true;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down already: the hook is what woke us
      }
    }
  }
}
