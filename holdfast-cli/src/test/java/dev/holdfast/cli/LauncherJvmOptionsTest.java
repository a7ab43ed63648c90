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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The JIT options the {@code holdfast} launcher gives commands ({@code command_jit}, which the
 * serve benchmark reads from it too): the optimising compiler compiles the listed packages and
 * nothing else, and every package and method they name exists. HotSpot ignores a compile command
 * for a method it never meets, so a rename would silently undo one.
 */
class LauncherJvmOptionsTest {
  private static final Path LAUNCHER = Path.of("..", "holdfast").toAbsolutePath().normalize();

  /** Environment variables the JVM takes options from. */
  private static final List<String> JVM_ENVIRONMENT =
      List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");

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

    for (String listed : List.of("sun.security.provider.", "com.sun.crypto.provider.")) {
      assertThat(compiled)
          .as("a listed package (%s: SHA-2, AES-GCM) compiled by C2", listed)
          .anyMatch(c -> c.tier() == 4 && c.method().startsWith(listed) && c.done());
    }
    String mix = CompilerScopeProbe.class.getName() + "::mix";
    assertThat(compiled.stream().filter(c -> c.method().equals(mix)))
        .as("C2 gave up on the probe's own hot method, and C1 compiled it for good")
        .anyMatch(c -> c.tier() == 4 && !c.done())
        .noneMatch(c -> c.tier() == 4 && c.done())
        .anyMatch(c -> c.tier() == 1 && c.done());
  }

  /** One compilation the JVM started; not done when the compiler gave up on it. */
  private record Compilation(int tier, String method, boolean done) {}

  /**
   * The packages whose loops carry the data or the key derivation: dropping one would leave it to
   * C1 alone (the JDK's AES-GCM then runs at about 8 MB/s).
   */
  @Test
  void theOptimisingCompilerIsKeptToExactlyTheCryptoAndChunkingPackages() throws IOException {
    List<String> budgets =
        commandJit().stream()
            .filter(o -> o.startsWith("-XX:CompileCommand=MaxNodeLimit,"))
            .toList();
    assertThat(budgets.get(0)).isEqualTo("-XX:CompileCommand=MaxNodeLimit,*.*,1");
    assertThat(budgets.subList(1, budgets.size()))
        .allMatch(option -> OPTIMISED_PACKAGE.matcher(option).matches());
    assertThat(matches(OPTIMISED_PACKAGE, commandJit()))
        .containsExactlyInAnyOrder(
            "com/sun/crypto/provider",
            "javax/crypto",
            "sun/security/provider",
            "org/bouncycastle/crypto",
            "dev/holdfast/core/chunking");
  }

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

  /**
   * Which options the launcher gives a command line, seen by a {@code java} on the PATH that prints
   * its arguments: the quick compiler alone for help, the version and tls status; the JIT's
   * defaults for what runs for days; command_jit for the rest, whatever folders or repositories are
   * named like commands.
   */
  @ParameterizedTest(name = "holdfast {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--version | quick",
        "-h | quick",
        "'' | quick",
        "help backup | quick",
        "--repo /r --json tls status /certs | quick",
        "--repo /r snapshots | command",
        "--repo /r backup agent | command",
        "-r serve --password-file /p restore latest --target serve | command",
        "tls issue --out /o | command",
        "--json serve --listen 127.0.0.1:0 | long",
        "agent --repo /r | long",
        "--repo /r operator | long"
      })
  void theLauncherChoosesTheJitByTheCommand(String args, String kind, @TempDir Path tmp)
      throws Exception {
    List<String> options =
        launcherJvmOptions(tmp, args == null || args.isBlank() ? new String[0] : args.split(" "));

    boolean quick = options.contains("-XX:TieredStopAtLevel=1");
    boolean command = options.containsAll(commandJit());
    assertThat(quick).as("the quick compiler alone: %s", options).isEqualTo(kind.equals("quick"));
    assertThat(command).as("command_jit: %s", options).isEqualTo(kind.equals("command"));
    if (kind.equals("long")) {
      assertThat(options).as("no JIT options").noneMatch(o -> o.startsWith("-XX:Compile"));
    }
  }

  /** The launcher's list of global options that take a value is the CLI's. */
  @Test
  void theLauncherKnowsWhichGlobalOptionsTakeAValue() throws IOException {
    Matcher m = Pattern.compile("(?s)takes_value=\"([^\"]*)\"").matcher(Files.readString(LAUNCHER));
    assertThat(m.find()).isTrue();
    List<String> cli = new ArrayList<>();
    for (OptionSpec option : new CommandLine(Main.class).getCommandSpec().options()) {
      if (option.arity().max() > 0) {
        cli.addAll(List.of(option.names()));
      }
    }

    assertThat(m.group(1).trim().split("\\s+")).containsExactlyInAnyOrderElementsOf(cli);
  }

  /** The JVM options the launcher, in a copy of the project root, runs {@code args} with. */
  private static List<String> launcherJvmOptions(Path tmp, String... args) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("root"));
    Files.copy(LAUNCHER, root.resolve("holdfast"));
    Files.createDirectories(root.resolve("holdfast-cli/target"));
    Files.write(root.resolve("holdfast-cli/target/holdfast.jar"), new byte[0]);
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path java = bin.resolve("java");
    // Prints the arguments of the command's own JVM (the one given -jar), one per line.
    Files.writeString(
        java, "#!/bin/sh\ncase \" $* \" in *\" -jar \"*) printf '%s\\n' \"$@\" ;; esac\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("holdfast").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeAll(JVM_ENVIRONMENT);
    builder.environment().remove("HOLDFAST_REPO");
    builder.environment().remove("HOLDFAST_JAVA_OPTS");
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process launcher = builder.start();
    String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(launcher.waitFor()).as(out).isZero();
    List<String> lines = List.of(out.split("\n"));
    assertThat(lines).as(out).contains("-jar");
    return lines.subList(0, lines.indexOf("-jar"));
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
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // Options from the environment would change what the child compiles.
    builder.environment().keySet().removeAll(JVM_ENVIRONMENT);
    Process child = builder.start();
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
