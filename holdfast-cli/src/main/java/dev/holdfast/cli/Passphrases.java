package dev.holdfast.cli;

import dev.holdfast.core.UsageError;
import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where passphrases come from: {@code --password-file}, then {@code HOLDFAST_PASSWORD}, then a
 * prompt on the terminal. Never echoed, never logged.
 */
public final class Passphrases {
  private Passphrases() {}

  /** The passphrase of the repository being opened. */
  public static char[] read(GlobalOptions global) {
    return read(global.passwordFile(), "HOLDFAST_PASSWORD", "Passphrase: ", false);
  }

  /**
   * The passphrase of a repository named by other options than the global ones (copy's source):
   * from {@code file}, else the variable {@code envVariable}, else a prompt.
   */
  public static char[] read(Path file, String envVariable, String prompt) {
    return read(file, envVariable, prompt, false);
  }

  /**
   * A secret from {@code file}, else the variable {@code envVariable}, else null: never a prompt,
   * for secrets a command can do without (a keystore password of {@code tls status}).
   */
  public static char[] optional(Path file, String envVariable) {
    if (file != null) {
      return fromFile(file);
    }
    String env = System.getenv(envVariable);
    return env == null || env.isEmpty() ? null : env.toCharArray();
  }

  /** A new passphrase, asked twice on a terminal. */
  public static char[] readNew(Path file, String envVariable, String prompt) {
    return read(file, envVariable, prompt, true);
  }

  private static char[] read(Path file, String envVariable, String prompt, boolean confirm) {
    if (file != null) {
      return fromFile(file);
    }
    String env = System.getenv(envVariable);
    if (env != null && !env.isEmpty()) {
      return env.toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new UsageError(
          "no passphrase: set " + envVariable + ", use --password-file, or run on a terminal");
    }
    char[] first = console.readPassword("%s", prompt);
    if (first == null || first.length == 0) {
      throw new UsageError("empty passphrase");
    }
    if (confirm) {
      char[] again = console.readPassword("Repeat it: ");
      boolean same = again != null && Arrays.equals(first, again);
      if (again != null) {
        Arrays.fill(again, '\0');
      }
      if (!same) {
        Arrays.fill(first, '\0');
        throw new UsageError("the passphrases do not match");
      }
    }
    return first;
  }

  private static char[] fromFile(Path file) {
    return SecretFiles.firstLine(file, "password file");
  }
}
