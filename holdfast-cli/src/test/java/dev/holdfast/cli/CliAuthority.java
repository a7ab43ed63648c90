package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A certificate authority made with {@code holdfast tls ca init} for tests: a cheap scrypt cost and
 * the passphrase in a file, since tests cannot set environment variables.
 */
final class CliAuthority {
  /** Distinctive, so that a test can search every output for it. */
  static final String PASSPHRASE = "ca-Tr0ub4dor&3-passphrase";

  final Path dir;
  final Path passwordFile;

  private CliAuthority(Path dir, Path passwordFile) {
    this.dir = dir;
    this.passwordFile = passwordFile;
  }

  /** Runs {@code tls ca init} in {@code tmp/ca} with {@code options}; fails unless it exits 0. */
  static CliAuthority create(Path tmp, String... options) throws IOException {
    Path passwordFile = Files.writeString(tmp.resolve("ca-pass"), PASSPHRASE + "\n");
    CliAuthority authority = new CliAuthority(tmp.resolve("ca"), passwordFile);
    List<String> args = new ArrayList<>(List.of("--kdf-memory", "1M"));
    args.addAll(Arrays.asList(options));
    authority.ok("ca", "init", args.toArray(new String[0]));
    return authority;
  }

  /** An authority already in {@code dir}, opened with the passphrase in {@code passwordFile}. */
  static CliAuthority existing(Path dir, Path passwordFile) {
    return new CliAuthority(dir, passwordFile);
  }

  /** Runs {@code holdfast tls COMMAND [SUB] --dir DIR --ca-password-file F ARGS}. */
  Cli.Result run(String command, String... args) {
    List<String> all = new ArrayList<>(List.of("tls"));
    all.addAll(Arrays.asList(command.split(" ")));
    all.addAll(List.of("--dir", dir.toString(), "--ca-password-file", passwordFile.toString()));
    all.addAll(Arrays.asList(args));
    Cli.Result result = Cli.run(all.toArray(new String[0]));
    assertThat(result.out() + result.err()).doesNotContain(PASSPHRASE);
    return result;
  }

  /** As {@link #run}, for a subcommand of {@code tls ca}: {@code ok("ca", "init", ...)}. */
  Cli.Result ok(String command, String sub, String... args) {
    Cli.Result result = run(command + " " + sub, args);
    assertThat(result.code()).as("%s", result).isZero();
    return result;
  }

  /** Runs the command with {@code --json}, requires exit 0, and parses stdout. */
  JsonNode json(String command, String... args) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--json");
    Cli.Result result = run(command, all.toArray(new String[0]));
    assertThat(result.code()).as("%s", result).isZero();
    return result.json();
  }

  /** {@code tls issue} of a leaf named {@code name} into {@code folder}; its serial. */
  String issue(Path folder, String name, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--out", folder.toString(), "--name", name, "--uri", "spiffe://holdfast/" + name));
    args.addAll(Arrays.asList(options));
    return json("issue", args.toArray(new String[0])).get("serial").asText();
  }

  /** {@code holdfast tls status ARGS} (no authority options: status needs none). */
  static Cli.Result status(String... args) {
    List<String> all = new ArrayList<>(List.of("tls", "status"));
    all.addAll(Arrays.asList(args));
    return Cli.run(all.toArray(new String[0]));
  }
}
