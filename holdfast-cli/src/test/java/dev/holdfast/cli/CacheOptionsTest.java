package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.holdfast.core.UsageError;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the cache goes: the flag, then HOLDFAST_CACHE_DIR, then the platform's cache folder. */
class CacheOptionsTest {
  private static final Map<String, String> LINUX =
      Map.of("os.name", "Linux", "user.home", "/home/ana");

  private static CacheOptions options(Map<String, String> env, Map<String, String> properties) {
    return new CacheOptions(env::get, properties::get);
  }

  @Test
  void byDefaultTheCacheIsInTheUsersCacheFolder() {
    assertThat(options(Map.of(), LINUX).root()).contains(Path.of("/home/ana/.cache/holdfast"));
    assertThat(options(Map.of("XDG_CACHE_HOME", "/var/cache/ana"), LINUX).root())
        .contains(Path.of("/var/cache/ana/holdfast"));
    assertThat(options(Map.of("XDG_CACHE_HOME", "relative/ignored"), LINUX).root())
        .as("the XDG specification ignores a relative path")
        .contains(Path.of("/home/ana/.cache/holdfast"));
    assertThat(options(Map.of(), Map.of("os.name", "Mac OS X", "user.home", "/Users/ana")).root())
        .contains(Path.of("/Users/ana/Library/Caches/holdfast"));
  }

  @Test
  void theVariableOverridesTheDefaultAndTheFlagOverridesBoth() {
    CacheOptions options =
        options(
            Map.of("HOLDFAST_CACHE_DIR", "/srv/cache", "XDG_CACHE_HOME", "/var/cache/ana"), LINUX);
    assertThat(options.root()).contains(Path.of("/srv/cache"));

    options.cacheDir = Path.of("/tmp/flag");
    assertThat(options.root()).contains(Path.of("/tmp/flag"));
  }

  @Test
  void noCacheTurnsTheCacheOffAndContradictsCacheDir() {
    CacheOptions options = options(Map.of("HOLDFAST_CACHE_DIR", "/srv/cache"), LINUX);
    options.noCache = true;
    assertThat(options.root()).isEmpty();

    options.cacheDir = Path.of("/tmp/flag");
    assertThatThrownBy(options::root)
        .isInstanceOf(UsageError.class)
        .hasMessage("--no-cache and --cache-dir contradict each other");
  }

  @Test
  void withoutAHomeFolderThereIsNoDefaultCache() {
    assertThat(options(Map.of(), Map.of("os.name", "Linux")).root()).isEmpty();
  }
}
