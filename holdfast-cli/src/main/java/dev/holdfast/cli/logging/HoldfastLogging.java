package dev.holdfast.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.holdfast.core.UsageError;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Logback's configuration, in code (found through {@code META-INF/services}, so no XML is parsed at
 * start-up): every logger off, so a CLI command prints only what it means to print; the
 * long-running services ({@code operator}, {@code agent}) call {@link #enableForService} to log to
 * stderr, where the container runtime collects it. Holdfast never logs secrets, whatever the level.
 */
public final class HoldfastLogging extends ContextAwareBase implements Configurator {
  /** The variable that sets a service's log level ({@code info} when unset). */
  public static final String LEVEL_VARIABLE = "HOLDFAST_LOG_LEVEL";

  private static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{36} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(stderr);
    root.setLevel(Level.OFF);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Turns logging on at the level {@value #LEVEL_VARIABLE} names ({@code info} by default).
   *
   * @throws UsageError when the variable names no level
   */
  public static void enableForService() {
    String name = System.getenv(LEVEL_VARIABLE);
    Level level = Level.INFO;
    if (name != null && !name.isBlank()) {
      level = Level.toLevel(name.strip().toUpperCase(Locale.ROOT), null);
      if (level == null) {
        throw new UsageError(
            LEVEL_VARIABLE + "='" + name + "' is not a level (error, warn, info, debug, trace)");
      }
    }
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(level);
  }
}
