package dev.holdfast.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** Options every command takes, before or after the command name. */
public final class GlobalOptions {
  @Option(
      names = {"-r", "--repo"},
      scope = ScopeType.INHERIT,
      paramLabel = "REPO",
      description =
          "Repository location: a folder or s3:[https://host[:port]/]bucket[/prefix]"
              + " (default from HOLDFAST_REPO).")
  String repo;

  @Option(
      names = "--password-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description =
          "Read the passphrase from the first line of FILE (else HOLDFAST_PASSWORD, else a prompt).")
  Path passwordFile;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print machine-readable JSON (schema in docs/CLI.md).")
  boolean json;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Print nothing but errors; no progress line.")
  boolean quiet;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces for errors, and a line for each storage retry.")
  boolean debug;

  /** How to reach S3 storage (used when the repository is an s3: location). */
  @Mixin StorageOptions storage = new StorageOptions();

  @Mixin TlsPeerOptions tls = new TlsPeerOptions();

  /** Where the local snapshot cache lives, or --no-cache. */
  @Mixin CacheOptions cache = new CacheOptions();

  /** The command this mixin belongs to, for its error stream. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** The repository location given by flag or environment, or null. */
  public String repo() {
    if (repo != null && !repo.isBlank()) {
      return repo;
    }
    String env = System.getenv("HOLDFAST_REPO");
    return env == null || env.isBlank() ? null : env;
  }

  /** The passphrase file from the flag, else from HOLDFAST_PASSWORD_FILE, or null. */
  public Path passwordFile() {
    if (passwordFile != null) {
      return passwordFile;
    }
    String env = System.getenv("HOLDFAST_PASSWORD_FILE");
    return env == null || env.isBlank() ? null : Path.of(env);
  }

  public boolean json() {
    return json;
  }

  public boolean quiet() {
    return quiet;
  }

  public StorageOptions storage() {
    return storage;
  }

  /** This process's TLS material, for https:// repositories and serve. */
  public TlsPeerOptions tls() {
    return tls;
  }

  /** The local cache's options (--no-cache, --cache-dir). */
  public CacheOptions cache() {
    return cache;
  }

  /** True when --debug was given. */
  public boolean debug() {
    return debug;
  }

  /** Where diagnostics go: the command line's stderr (System.err outside a command line). */
  public PrintWriter err() {
    return mixee == null ? new PrintWriter(System.err, true) : mixee.commandLine().getErr();
  }
}
