package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JIT directives of the {@code holdfast} launcher, the container image and the serve benchmark
 * name methods that exist, the same in all three: HotSpot ignores a directive for a method it never
 * meets, so a rename would silently undo it.
 */
class LauncherJvmOptionsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  /** Where else the JVM is started for data commands: the container image, the serve benchmark. */
  private static final List<String> OTHER_JVMS =
      List.of("Dockerfile", "holdfast-bench/compare-serve.sh");

  private static final Pattern DONT_INLINE =
      Pattern.compile("-XX:CompileCommand=dontinline,([\\w.$]+)::(\\w+)");

  @Test
  void everyMethodTheLauncherKeepsFromInliningExists() throws Exception {
    Set<String> named = dontInline(ROOT.resolve("holdfast"));
    assertThat(named).isNotEmpty();
    for (String target : named) {
      String[] parts = target.split("::");
      Method[] methods =
          Class.forName(parts[0], false, getClass().getClassLoader()).getDeclaredMethods();
      assertThat(Arrays.stream(methods).map(Method::getName))
          .as("a method %s in %s", parts[1], parts[0])
          .contains(parts[1]);
    }
  }

  @Test
  void theContainerImageAndTheServeBenchmarkKeepTheSameMethodsFromInlining() throws IOException {
    for (String file : OTHER_JVMS) {
      assertThat(dontInline(ROOT.resolve(file)))
          .as(file)
          .isEqualTo(dontInline(ROOT.resolve("holdfast")));
    }
  }

  @Test
  void theDirectivesAreQuietSoJsonOutputStaysClean() throws IOException {
    for (String file : Stream.concat(Stream.of("holdfast"), OTHER_JVMS.stream()).toList()) {
      String text = Files.readString(ROOT.resolve(file));
      int quiet = text.indexOf("-XX:CompileCommand=quiet");
      assertThat(quiet)
          .as(file)
          .isNotNegative()
          .isLessThan(text.indexOf("-XX:CompileCommand=dontinline"));
    }
  }

  private static Set<String> dontInline(Path file) throws IOException {
    Set<String> named = new TreeSet<>();
    Matcher m = DONT_INLINE.matcher(Files.readString(file));
    while (m.find()) {
      named.add(m.group(1) + "::" + m.group(2));
    }
    return named;
  }
}
