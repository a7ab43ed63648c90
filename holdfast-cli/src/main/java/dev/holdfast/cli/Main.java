package dev.holdfast.cli;

import dev.holdfast.cli.command.AgentCommand;
import dev.holdfast.cli.command.BackupCommand;
import dev.holdfast.cli.command.CheckCommand;
import dev.holdfast.cli.command.CopyCommand;
import dev.holdfast.cli.command.DiffCommand;
import dev.holdfast.cli.command.ForgetCommand;
import dev.holdfast.cli.command.InitCommand;
import dev.holdfast.cli.command.KeyCommand;
import dev.holdfast.cli.command.LsCommand;
import dev.holdfast.cli.command.OperatorCommand;
import dev.holdfast.cli.command.PinCommand;
import dev.holdfast.cli.command.PostureCommand;
import dev.holdfast.cli.command.PruneCommand;
import dev.holdfast.cli.command.RestoreCommand;
import dev.holdfast.cli.command.SastCommand;
import dev.holdfast.cli.command.ServeCommand;
import dev.holdfast.cli.command.SnapshotsCommand;
import dev.holdfast.cli.command.StatsCommand;
import dev.holdfast.cli.command.TlsCommand;
import dev.holdfast.cli.command.UnlockCommand;
import dev.holdfast.cli.command.UnpinCommand;
import dev.holdfast.cli.demo.DemoCommand;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.server.remote.LazyDefaultTls;
import dev.holdfast.tls.TlsException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code holdfast} command: parses, runs one subcommand, maps failures to exit codes. */
@Command(
    name = "holdfast",
    scope = CommandLine.ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Encrypted, deduplicated, compressed backups of folders and Kubernetes volumes.",
    subcommands = {
      InitCommand.class,
      BackupCommand.class,
      SnapshotsCommand.class,
      LsCommand.class,
      DiffCommand.class,
      RestoreCommand.class,
      CheckCommand.class,
      StatsCommand.class,
      CopyCommand.class,
      ForgetCommand.class,
      PinCommand.class,
      UnpinCommand.class,
      KeyCommand.class,
      PruneCommand.class,
      SastCommand.class,
      ServeCommand.class,
      OperatorCommand.class,
      AgentCommand.class,
      PostureCommand.class,
      UnlockCommand.class,
      TlsCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:unexpected error",
      " 2:usage error",
      " 3:done, but some files could not be read, restored or verified",
      "10:no repository at --repo",
      "11:wrong passphrase",
      "12:repository data is damaged",
      "13:storage failed (full disk, permissions, unreachable)",
      "14:a repository already exists there (init)",
      "15:snapshot, path or key not found",
      "16:repository format too new for this program",
      "17:repository locked by another prune, or this process lost its lock",
      "20:TLS material damaged or unsupported (certificate, key, keystore)",
      "21:the certificate authority refuses the operation now",
      "22:tls status: a certificate is critical, expired or not yet valid"
    })
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    LazyDefaultTls.install();
    int code;
    try {
      code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    } catch (OutOfMemoryError e) {
      System.err.println("holdfast: " + OUT_OF_MEMORY);
      code = ExitCode.ERROR.code();
    }
    System.exit(code);
  }

  /** Runs {@code holdfast args} writing to {@code out}/{@code err}; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          return report(e, err, debugRequested(parseResult));
        });
    cli.setParameterExceptionHandler(
        (e, args2) -> {
          String help = ("holdfast " + commandPath(e.getCommandLine())).trim() + " --help";
          err.println("holdfast: " + oneLine(e.getMessage()) + " (see '" + help + "')");
          err.flush();
          return ExitCode.USAGE.code();
        });
    return cli.execute(args);
  }

  private static boolean debugRequested(CommandLine.ParseResult result) {
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }

  /** The global options, shared by every subcommand. */
  @CommandLine.Mixin GlobalOptions global = new GlobalOptions();

  /** The global options of this invocation. */
  public GlobalOptions global() {
    return global;
  }

  private static String commandPath(CommandLine c) {
    String name = c.getCommandSpec().qualifiedName(" ");
    return name.startsWith("holdfast ") ? name.substring(9) : "";
  }

  static int report(Exception e, PrintWriter err, boolean debug) {
    ExitCode code;
    String message;
    if (causedByOutOfMemory(e)) {
      code = ExitCode.ERROR;
      message = OUT_OF_MEMORY;
    } else if (e instanceof HoldfastException h) {
      code = ExitCode.of(h);
      message = h.getMessage();
    } else if (e instanceof TlsException t) {
      code = ExitCode.of(t);
      message = t.getMessage();
    } else if (e instanceof UncheckedIOException u) {
      code = ExitCode.STORAGE;
      message = u.getCause().getMessage();
    } else {
      code = ExitCode.ERROR;
      message = "unexpected error: " + e;
    }
    if (code == ExitCode.ERROR && !debug) {
      message += " (run again with --debug for details)";
    }
    err.println("holdfast: " + oneLine(message));
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return code.code();
  }

  static final String OUT_OF_MEMORY =
      "out of memory: this repository needs a larger Java heap; run again with"
          + " HOLDFAST_JAVA_OPTS=-Xmx2g (the launcher's default is small on purpose)";

  private static boolean causedByOutOfMemory(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Errors are one line, so that scripts can log them as such. */
  private static String oneLine(String message) {
    return String.valueOf(message).replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }

  /** Prints the program version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {dev.holdfast.core.backup.Backup.PROGRAM_VERSION};
    }
  }
}
