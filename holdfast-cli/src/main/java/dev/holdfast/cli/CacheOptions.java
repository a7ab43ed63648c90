package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where the local cache of snapshot manifests lives, on every command (docs/CLI.md, "Local cache"):
 * {@code --cache-dir}, else {@code HOLDFAST_CACHE_DIR}, else the user's cache folder; {@code
 * --no-cache} turns it off.
 */
public final class CacheOptions {
  @Option(
      names = "--no-cache",
      scope = ScopeType.INHERIT,
      description = "Use no local cache: read every snapshot manifest from the repository.")
  boolean noCache;

  @Option(
      names = "--cache-dir",
      scope = ScopeType.INHERIT,
      paramLabel = "DIR",
      description =
          "Keep the local cache in DIR (default HOLDFAST_CACHE_DIR, else"
              + " $XDG_CACHE_HOME/holdfast or ~/.cache/holdfast).")
  Path cacheDir;

  private final UnaryOperator<String> env;
  private final UnaryOperator<String> properties;

  /** Options that fall back to this process's environment and system properties. */
  public CacheOptions() {
    this(System::getenv, System::getProperty);
  }

  /** Options that fall back to {@code env} and {@code properties} (for tests). */
  CacheOptions(UnaryOperator<String> env, UnaryOperator<String> properties) {
    this.env = env;
    this.properties = properties;
  }

  /**
   * The folder that holds a cache folder per repository, or empty with {@code --no-cache} (or when
   * this user has no home folder to put it in).
   *
   * @throws UsageError when both {@code --no-cache} and {@code --cache-dir} are given
   */
  public Optional<Path> root() {
    if (noCache && cacheDir != null) {
      throw new UsageError("--no-cache and --cache-dir contradict each other");
    }
    if (noCache) {
      return Optional.empty();
    }
    if (cacheDir != null) {
      return Optional.of(cacheDir.toAbsolutePath().normalize());
    }
    String explicit = value(env, "HOLDFAST_CACHE_DIR");
    if (explicit != null) {
      try {
        return Optional.of(Path.of(explicit).toAbsolutePath().normalize());
      } catch (InvalidPathException e) {
        throw new UsageError("HOLDFAST_CACHE_DIR is not a usable folder name: " + e.getMessage());
      }
    }
    return userCacheFolder().map(folder -> folder.resolve("holdfast"));
  }

  /**
   * The user's cache folder as the platform names it: $XDG_CACHE_HOME (only when absolute, as the
   * XDG specification says) else ~/.cache; ~/Library/Caches on macOS; %LOCALAPPDATA% on Windows.
   */
  private Optional<Path> userCacheFolder() {
    String os = String.valueOf(properties.apply("os.name")).toLowerCase(Locale.ROOT);
    String home = value(properties, "user.home");
    if (os.startsWith("windows")) {
      String local = value(env, "LOCALAPPDATA");
      return Optional.ofNullable(local).map(Path::of);
    }
    if (os.startsWith("mac")) {
      return Optional.ofNullable(home).map(h -> Path.of(h, "Library", "Caches"));
    }
    String xdg = value(env, "XDG_CACHE_HOME");
    try {
      if (xdg != null && Path.of(xdg).isAbsolute()) {
        return Optional.of(Path.of(xdg));
      }
    } catch (InvalidPathException e) {
      // not a path: ignored, as the specification says of relative ones
    }
    return Optional.ofNullable(home).map(h -> Path.of(h, ".cache"));
  }

  private static String value(UnaryOperator<String> source, String name) {
    String value = source.apply(name);
    return value == null || value.isBlank() ? null : value;
  }
}
