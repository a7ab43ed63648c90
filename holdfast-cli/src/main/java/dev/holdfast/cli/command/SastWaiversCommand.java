package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.repository.Repository;
import dev.holdfast.sast.store.Waiver;
import dev.holdfast.sast.store.WaiverStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code sast waivers}. */
@Command(name = "waivers", description = "List waivers, in force and expired.")
public final class SastWaiversCommand extends RepoCommand {
  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      WaiverStore.Listing listing = new WaiverStore(repo).list();
      listing.unreadable().forEach(e -> warn(e.getMessage()));
      Instant now = repo.clock().instant();
      Output out = output();
      if (out.json()) {
        out.printJson(
            listing.waivers().stream().map(w -> SastViews.WaiverView.of(w, now)).toList());
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Waiver w : listing.waivers()) {
        rows.add(
            List.of(
                w.id().substring(0, 12),
                w.app(),
                w.finding().hex(),
                Times.format(w.until()),
                w.activeAt(now) ? "in force" : "expired",
                w.by(),
                w.reason()));
      }
      out.table(List.of("ID", "App", "Finding", "Until", "State", "By", "Reason"), rows);
      return 0;
    }
  }
}
