package dev.holdfast.samples.v3;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.SQLException;

/**
 * TEST SAMPLE (part of the deliberately vulnerable version 3), never used at runtime: the console
 * of the sample app, which reads one command per line ({@code user NAME}, {@code archive}, {@code
 * show NAME}, {@code token}, {@code digest TEXT}) from an untrusted reader; the parts it calls
 * treat the argument as data.
 */
public final class RequestConsole {
  private final UserDirectory users;
  private final ReportArchiver archiver;
  private final DocumentReader documents;
  private final SessionTokens tokens;
  private final Checksums checksums;

  /** A console over the app's parts. */
  public RequestConsole(
      UserDirectory users,
      ReportArchiver archiver,
      DocumentReader documents,
      SessionTokens tokens,
      Checksums checksums) {
    this.users = users;
    this.archiver = archiver;
    this.documents = documents;
    this.tokens = tokens;
    this.checksums = checksums;
  }

  /** Answers every command read from {@code in} on {@code out}, one line each. */
  public void serve(BufferedReader in, PrintWriter out) throws IOException, SQLException {
    String line;
    while ((line = in.readLine()) != null) {
      out.println(answer(line));
    }
  }

  private String answer(String line) throws IOException, SQLException {
    int space = line.indexOf(' ');
    String command = space < 0 ? line : line.substring(0, space);
    String argument = space < 0 ? "" : line.substring(space + 1);
    switch (command) {
      case "user":
        return users.emailOf(argument);
      case "archive":
        return "started " + archiver.archiveAll().pid();
      case "show":
        return documents.read(argument);
      case "token":
        return tokens.newToken();
      case "digest":
        return checksums.digest(argument);
      default:
        return "unknown command";
    }
  }
}
