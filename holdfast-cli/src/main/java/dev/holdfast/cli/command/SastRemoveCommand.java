package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.Postures;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.sast.store.ReportHeader;
import dev.holdfast.sast.store.ReportStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sast remove REPORT}. */
@Command(
    name = "remove",
    description =
        "Remove a stored report (ingested for the wrong version, say); its findings no longer"
            + " count.")
public final class SastRemoveCommand extends RepoCommand {
  @Parameters(paramLabel = "REPORT", description = "Report id (or a unique prefix of it).")
  String id;

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      ReportStore reports = new ReportStore(repo);
      BlobName name = reports.find(id);
      Optional<ReportHeader> removed = reports.remove(name);
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("removed", removed.map(Postures::json).orElse(null));
        json.put("name", name.name());
        out.printJson(json);
      } else {
        out.line(
            removed
                .map(
                    h ->
                        "removed report " + h.id() + " of " + h.version() + " (" + h.source() + ")")
                .orElse("removed unreadable report " + name.name().substring(32, 44)));
      }
      return 0;
    }
  }
}
