package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code sast unwaive WAIVER}. */
@Command(name = "unwaive", description = "Remove a waiver: its finding counts again.")
public final class SastUnwaiveCommand extends RepoCommand {
  @Parameters(paramLabel = "WAIVER", description = "Waiver id (or a unique prefix of it).")
  String id;

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Optional<Waiver> w = new WaiverStore(repo).remove(id);
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(
            "removed", w.map(x -> SastViews.WaiverView.of(x, repo.clock().instant())).orElse(null));
        out.printJson(json);
      } else {
        out.line(
            w.map(x -> "removed waiver " + x.id().substring(0, 12) + " of finding " + x.finding())
                .orElse("removed unreadable waiver " + id));
      }
      return 0;
    }
  }
}
