package dev.holdfast.cli.serve;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs actions when the process receives SIGHUP, the Unix convention for "read your files again".
 * Java 17 has no public API for signals; this uses {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}) and is the one class that does. Where that class is missing, the platform has
 * no SIGHUP, or the JVM runs with {@code -Xrs}, nothing is installed and SIGHUP keeps its default
 * meaning (the JVM shuts down); where the process ignores SIGHUP (under {@code nohup}), nothing is
 * installed and SIGHUP stays ignored. {@link #install} says so by returning null.
 *
 * <p>Several holders may be installed at once (servers in one JVM); one handler runs all their
 * actions, and the JVM's own handler comes back when the last holder closes.
 */
public final class HangupSignal implements AutoCloseable {
  private static final List<Runnable> ACTIONS = new ArrayList<>();
  private static Hook hook;

  private final Runnable action;

  private HangupSignal(Runnable action) {
    this.action = action;
  }

  /**
   * Runs {@code action} on every SIGHUP until the returned holder is closed; null when signals
   * cannot be handled here. The action runs on the JVM's signal thread: it should hand work off.
   */
  public static synchronized HangupSignal install(Runnable action) {
    Objects.requireNonNull(action, "action");
    if (hook == null) {
      hook = Hook.install();
      if (hook == null) {
        return null;
      }
    }
    ACTIONS.add(action);
    return new HangupSignal(action);
  }

  /** Whether a handler of this class is installed in this JVM now. */
  public static synchronized boolean installed() {
    return hook != null;
  }

  /** Stops running this holder's action; the last holder to close restores the JVM's handler. */
  @Override
  public void close() {
    synchronized (HangupSignal.class) {
      if (ACTIONS.remove(action) && ACTIONS.isEmpty() && hook != null) {
        hook.restore();
        hook = null;
      }
    }
  }

  private static void hangup() {
    List<Runnable> actions;
    synchronized (HangupSignal.class) {
      actions = List.copyOf(ACTIONS);
    }
    actions.forEach(Runnable::run);
  }

  /**
   * The handler in the JVM, and the one it replaced. {@code sun.misc.Signal} is reached by
   * reflection, so that the build has no internal-API warnings and a runtime without it is a {@link
   * ReflectiveOperationException}, not a linkage failure.
   */
  private static final class Hook {
    private final Method handle;
    private final Object signal;
    private final Object previous;

    private Hook(Method handle, Object signal, Object previous) {
      this.handle = handle;
      this.signal = signal;
      this.previous = previous;
    }

    /** Installs the handler; null when this JVM or platform cannot. */
    static Hook install() {
      try {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Method handle = signalType.getMethod("handle", signalType, handlerType);
        Object signal = signalType.getConstructor(String.class).newInstance("HUP");
        Object handler =
            Proxy.newProxyInstance(
                handlerType.getClassLoader(),
                new Class<?>[] {handlerType},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "handle":
                      hangup();
                      return null;
                    case "equals":
                      return proxy == args[0];
                    case "hashCode":
                      return System.identityHashCode(proxy);
                    default:
                      return "holdfast SIGHUP handler";
                  }
                });
        Object previous = handle.invoke(null, signal, handler);
        if (previous == handlerType.getField("SIG_IGN").get(null)) {
          // The process ignores SIGHUP (started by nohup, or with it ignored): the JVM then keeps
          // it ignored and never calls a handler, so none is said to be installed.
          handle.invoke(null, signal, previous);
          return null;
        }
        return new Hook(handle, signal, previous);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // no sun.misc.Signal in this runtime, no SIGHUP on this platform (IllegalArgumentException,
        // also as the cause of an InvocationTargetException), or signals reserved (-Xrs)
        return null;
      }
    }

    void restore() {
      try {
        handle.invoke(null, signal, previous);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("restoring the JVM's SIGHUP handler failed", e);
      }
    }
  }
}
