package dev.holdfast.cli.command;

import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.NotFound;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.sast.posture.PostureBook;
import dev.holdfast.sast.posture.VersionFinding;
import dev.holdfast.sast.posture.VersionFindings;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sast waive FINDING --reason TEXT --until DATE}. */
@Command(
    name = "waive",
    description =
        "Accept a finding until a date: it stops counting against the posture of every version"
            + " of its application, and counts again when the waiver expires.")
public final class SastWaiveCommand extends RepoCommand {
  @Parameters(paramLabel = "FINDING", description = "Finding id (or a unique prefix of it).")
  String finding;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why (one line, kept on record).")
  String reason;

  @Option(
      names = "--until",
      required = true,
      paramLabel = "DATE",
      description =
          "Last day it applies (YYYY-MM-DD, through the end of that day, local time) or a time.")
  String until;

  @Option(names = "--app", paramLabel = "NAME", description = "The finding's application.")
  String app;

  @Override
  public Integer call() {
    Instant end = parseUntil(until);
    if (!finding.matches("[0-9a-f]{4,16}")) {
      throw new UsageError(
          "a finding id is 4 to 16 lower-case hex digits (see 'holdfast sast findings'), not '"
              + finding
              + "'");
    }
    try (Repository repo = Repositories.open(global())) {
      Map<String, FindingId> matches = new LinkedHashMap<>();
      for (VersionFindings v : PostureBook.loadAll(repo).versions()) {
        if (app != null && !v.version().name().equals(app)) {
          continue;
        }
        for (VersionFinding f : v.findings()) {
          if (f.id().hex().startsWith(finding)) {
            matches.put(v.version().name() + "/" + f.id().hex(), f.id());
          }
        }
      }
      if (matches.isEmpty()) {
        throw new NotFound("no finding has id " + finding + (app == null ? "" : " in " + app));
      }
      if (matches.size() > 1) {
        throw new UsageError(
            "finding id "
                + finding
                + " is ambiguous ("
                + String.join(", ", matches.keySet())
                + "): give more digits or --app");
      }
      Map.Entry<String, FindingId> only = matches.entrySet().iterator().next();
      String key = only.getKey();
      String findingApp = key.substring(0, key.lastIndexOf('/'));
      Waiver w =
          new WaiverStore(repo)
              .add(
                  findingApp,
                  only.getValue(),
                  reason,
                  end,
                  Hosts.userName() + "@" + Hosts.hostName());
      Output out = output();
      if (out.json()) {
        out.printJson(SastViews.WaiverView.of(w, repo.clock().instant()));
      } else {
        out.line(
            "waived finding "
                + w.finding()
                + " of "
                + w.app()
                + " until "
                + Times.format(w.until())
                + " (waiver "
                + w.id().substring(0, 12)
                + ")");
      }
      return 0;
    }
  }

  static Instant parseUntil(String text) {
    try {
      return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException e) {
      return Times.parse(text, "--until").toInstant();
    }
  }
}
