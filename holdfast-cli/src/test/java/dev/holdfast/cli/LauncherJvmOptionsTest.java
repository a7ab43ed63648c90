package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JIT options the {@code holdfast} launcher gives commands ({@code command_jit}, which the
 * serve benchmark reads from it too): the optimising compiler compiles the listed packages and
 * nothing else, and every package and method they name exists. HotSpot ignores a compile command
 * for a method it never meets, so a rename would silently undo one.
 */
class LauncherJvmOptionsTest {
  private static final Path LAUNCHER = Path.of("..", "holdfast").toAbsolutePath().normalize();

  private static final Pattern COMMAND_JIT = Pattern.compile("(?m)^command_jit=\"([^\"]*)\"");

  private static final Pattern DONT_INLINE =
      Pattern.compile("-XX:CompileCommand=dontinline,([\\w.$]+)::(\\w+)");

  /** A package whose methods get the optimising compiler's default node budget back. */
  private static final Pattern OPTIMISED_PACKAGE =
      Pattern.compile("-XX:CompileCommand=MaxNodeLimit,([\\w/]+)/\\*\\.\\*,80000");

  /** One line of -XX:+PrintCompilation: time stamp, compile id, flags, tier, method. */
  private static final Pattern COMPILATION =
      Pattern.compile("^\\s*\\d+\\s+(\\d+)\\s+[%sbn! ]*?([0-4])\\s+(\\S+::\\S+)");

  @Test
  void theOptimisingCompilerCompilesTheListedPackagesOnly() throws Exception {
    List<Compilation> compiled = compilationsOfProbe();

    assertThat(compiled)
        .as("a listed package (the JDK's SHA-2) compiled by C2")
        .anyMatch(
            c -> c.tier() == 4 && c.method().startsWith("sun.security.provider.") && c.done());
    String mix = CompilerScopeProbe.class.getName() + "::mix";
    assertThat(compiled.stream().filter(c -> c.method().equals(mix)))
        .as("C2 gave up on the probe's own hot method, and C1 compiled it for good")
        .anyMatch(c -> c.tier() == 4 && !c.done())
        .noneMatch(c -> c.tier() == 4 && c.done())
        .anyMatch(c -> c.tier() == 1 && c.done());
  }

  /** One compilation the JVM started; not done when the compiler gave up on it. */
  private record Compilation(int tier, String method, boolean done) {}

  @Test
  void everyListedPackageExists() throws IOException {
    List<String> packages = matches(OPTIMISED_PACKAGE, commandJit());
    assertThat(packages).isNotEmpty();
    for (String path : packages) {
      String name = path.replace('/', '.');
      boolean inTheJdk =
          ModuleLayer.boot().modules().stream().anyMatch(m -> m.getPackages().contains(name));
      assertThat(inTheJdk || getClass().getClassLoader().getResource(path + "/") != null)
          .as("a package %s", name)
          .isTrue();
    }
  }

  @Test
  void everyMethodKeptFromInliningExists() throws Exception {
    List<String> named = matches(DONT_INLINE, commandJit());
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
  void theCompileCommandsAreQuietSoJsonOutputStaysClean() throws IOException {
    List<String> commands =
        commandJit().stream().filter(o -> o.startsWith("-XX:CompileCommand=")).toList();
    assertThat(commands).first().isEqualTo("-XX:CompileCommand=quiet");
  }

  /** The launcher's command_jit, option by option. */
  private static List<String> commandJit() throws IOException {
    Matcher m = COMMAND_JIT.matcher(Files.readString(LAUNCHER));
    assertThat(m.find()).as("command_jit in %s", LAUNCHER).isTrue();
    return List.of(m.group(1).trim().split("\\s+"));
  }

  /** Each match of the pattern's groups in the options, joined by "::". */
  private static List<String> matches(Pattern pattern, List<String> options) {
    List<String> found = new ArrayList<>();
    for (String option : options) {
      Matcher m = pattern.matcher(option);
      if (m.matches()) {
        found.add(m.groupCount() == 1 ? m.group(1) : m.group(1) + "::" + m.group(2));
      }
    }
    return found;
  }

  /**
   * What {@link CompilerScopeProbe} compiled in a child JVM with the launcher's options. Compiles
   * wait for the compiler (-Xbatch), so what was hot has been compiled when the probe ends.
   */
  private static List<Compilation> compilationsOfProbe() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(commandJit());
    command.addAll(
        List.of(
            "-Xbatch",
            "-XX:+PrintCompilation",
            "-cp",
            System.getProperty("java.class.path"),
            CompilerScopeProbe.class.getName()));
    Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor()).as(out).isZero();
    assertThat(out).contains("probe done");
    // A compilation's line comes when it starts; one that fails gets a second line, "COMPILE
    // SKIPPED", under the same id. Lines of code thrown away ("made not entrant") are not
    // compilations.
    Map<String, Compilation> byId = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      Matcher m = COMPILATION.matcher(line);
      if (m.find() && !line.contains("made not entrant") && !line.contains("made zombie")) {
        boolean done =
            !line.contains("COMPILE SKIPPED") && byId.getOrDefault(m.group(1), DONE).done();
        byId.put(m.group(1), new Compilation(Integer.parseInt(m.group(2)), m.group(3), done));
      }
    }
    return List.copyOf(byId.values());
  }

  private static final Compilation DONE = new Compilation(0, "", true);
}
