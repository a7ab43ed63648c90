package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.ReportStore;
import dev.holdfast.sast.store.StoredReport;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sast reports [--app NAME]}. */
@Command(name = "reports", description = "List the stored security reports.")
public final class SastReportsCommand extends RepoCommand {
  @Option(names = "--app", paramLabel = "NAME", description = "Only this application's.")
  String app;

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      ReportStore.Listing listing = new ReportStore(repo).all();
      listing.unreadable().forEach(e -> warn(e.getMessage()));
      List<ReportHeader> headers =
          listing.reports().stream()
              .map(StoredReport::header)
              .filter(h -> app == null || h.version().name().equals(app))
              .toList();
      Output out = output();
      if (out.json()) {
        out.printJson(headers.stream().map(Postures::json).toList());
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ReportHeader h : headers) {
        rows.add(
            List.of(
                h.id(),
                h.version().name(),
                h.version().version(),
                Formats.time(h.ingestedAt().atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                h.source(),
                String.join(", ", h.tools()),
                Long.toString(h.findings())));
      }
      out.table(List.of("ID", "App", "Version", "Ingested", "Source", "Tools", "Results"), rows);
      return 0;
    }
  }
}
