package dev.holdfast.cli.command;

import dev.holdfast.cli.Output;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.core.lock.ListedLock;
import dev.holdfast.core.lock.Locks;
import dev.holdfast.core.repository.Repository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code holdfast unlock [--remove-all] [--list]}: clears the locks of crashed processes. */
@Command(
    name = "unlock",
    description =
        "Remove stale locks (of processes that died, or not refreshed for 30 minutes);"
            + " with --remove-all, every lock.")
public final class UnlockCommand extends RepoCommand {
  @Option(
      names = "--remove-all",
      description =
          "Remove live locks too. Their holders notice and refuse to commit what they are"
              + " writing; use it only when you know those processes are gone.")
  boolean removeAll;

  @Option(names = "--list", description = "Only list the locks, removing none.")
  boolean listOnly;

  @Override
  public Integer call() {
    try (Repository repo = Repositories.open(global())) {
      Locks locks = Repositories.locks(repo);
      List<ListedLock> listed = locks.list();
      List<ListedLock> removed =
          listOnly ? List.of() : removeAll ? locks.removeAll() : locks.removeStale();
      Output out = output();
      if (out.json()) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("locks", listed.stream().map(UnlockCommand::json).toList());
        json.put("removed", removed.stream().map(l -> l.name().name()).toList());
        out.printJson(json);
        return 0;
      }
      if (listed.isEmpty()) {
        out.line("no locks");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (ListedLock l : listed) {
        boolean gone = removed.stream().anyMatch(r -> r.name().equals(l.name()));
        rows.add(
            List.of(
                l.id().map(id -> id.substring(0, 8)).orElse("?"),
                l.info().map(i -> i.mode().name().toLowerCase(java.util.Locale.ROOT)).orElse("?"),
                l.describe(),
                gone ? "removed" : l.stale() ? "stale" : "live"));
      }
      out.table(List.of("Lock", "Mode", "Held", "State"), rows);
      out.line("removed " + removed.size() + " of " + listed.size() + " locks");
      return 0;
    }
  }

  private static Map<String, Object> json(ListedLock l) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", l.name().name());
    json.put("id", l.id().orElse(null));
    json.put(
        "mode", l.info().map(i -> i.mode().name().toLowerCase(java.util.Locale.ROOT)).orElse(null));
    json.put("purpose", l.info().map(i -> i.purpose()).orElse(null));
    json.put("host", l.info().map(i -> i.owner().host()).orElse(null));
    json.put("username", l.info().map(i -> i.owner().username()).orElse(null));
    json.put("pid", l.info().map(i -> i.owner().pid()).orElse(null));
    json.put("created", l.info().map(i -> i.created().toString()).orElse(null));
    json.put("refreshed", l.info().map(i -> i.refreshed().toString()).orElse(null));
    json.put("stale", l.stale());
    return json;
  }
}
