package dev.holdfast.cli.command;

import dev.holdfast.cli.Formats;
import dev.holdfast.cli.Hosts;
import dev.holdfast.cli.KdfOptions;
import dev.holdfast.cli.Output;
import dev.holdfast.cli.Passphrases;
import dev.holdfast.cli.RepoCommand;
import dev.holdfast.cli.Repositories;
import dev.holdfast.cli.Times;
import dev.holdfast.core.crypto.KdfParams;
import dev.holdfast.core.crypto.KeySlot;
import dev.holdfast.core.id.KeyId;
import dev.holdfast.core.repository.Repository;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code holdfast key ...}: manages the passphrases (key slots) of a repository. */
@Command(
    name = "key",
    description =
        "Manage passphrases: each key slot wraps the repository key under one passphrase.",
    subcommands = {
      KeyCommand.ListKeys.class,
      KeyCommand.AddKey.class,
      KeyCommand.RemoveKey.class,
      KeyCommand.ChangePassphrase.class
    })
public final class KeyCommand {
  // Not runnable itself: 'holdfast key' without a subcommand is a usage error, like 'holdfast'.

  /** The JSON form of a key slot: no secret in it. */
  record KeyView(
      String id, boolean current, String created, String host, String username, KdfParams kdf) {}

  static KeyView view(KeySlot k, KeyId current) {
    return new KeyView(
        k.id().toHex(),
        k.id().equals(current),
        Times.format(k.created()),
        k.host(),
        k.username(),
        k.kdf());
  }

  /** Options shared by the commands that take a new passphrase. */
  abstract static class NewPassphrase extends RepoCommand {
    @Option(
        names = "--new-password-file",
        paramLabel = "FILE",
        description =
            "Read the new passphrase from FILE (else HOLDFAST_NEW_PASSWORD, else a prompt).")
    Path newPasswordFile;

    @Mixin KdfOptions kdf = new KdfOptions();

    char[] newPassphrase() {
      return Passphrases.readNew(newPasswordFile, "HOLDFAST_NEW_PASSWORD", "New passphrase: ");
    }

    int printed(KeySlot k, Repository repo, String what) {
      Output out = output();
      if (out.json()) {
        out.printJson(view(k, k.id()));
      } else {
        out.line(what + k.id().toShortHex());
      }
      return 0;
    }
  }

  /** {@code key list}. */
  @Command(name = "list", description = "List key slots.")
  static final class ListKeys extends RepoCommand {
    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        KeyId current = repo.openedWith().id();
        List<KeySlot> keys = repo.keys();
        Output out = output();
        if (out.json()) {
          out.printJson(keys.stream().map(k -> view(k, current)).toList());
          return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        for (KeySlot k : keys) {
          rows.add(
              List.of(
                  (k.id().equals(current) ? "*" : " ") + k.id().toShortHex(),
                  Formats.time(k.created().atZone(ZoneId.systemDefault()).toOffsetDateTime()),
                  k.host(),
                  k.username(),
                  k.kdf().algorithm()
                      + " "
                      + Formats.bytes(1024L * k.kdf().memoryKiB())
                      + " x"
                      + k.kdf().iterations()));
        }
        out.table(List.of("ID", "Created", "Host", "User", "KDF"), rows);
        out.line("* the key this command was opened with");
        return 0;
      }
    }
  }

  /** {@code key add}. */
  @Command(name = "add", description = "Add a passphrase (a new key slot).")
  static final class AddKey extends NewPassphrase {
    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        char[] p = newPassphrase();
        try {
          KeySlot k = repo.addKey(p, kdf.params(), Hosts.hostName(), Hosts.userName());
          return printed(k, repo, "added key ");
        } finally {
          Arrays.fill(p, '\0');
        }
      }
    }
  }

  /** {@code key passwd}. */
  @Command(name = "passwd", description = "Change the passphrase of the key in use.")
  static final class ChangePassphrase extends NewPassphrase {
    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        char[] p = newPassphrase();
        try {
          KeySlot k = repo.changePassphrase(p, kdf.params(), Hosts.hostName(), Hosts.userName());
          return printed(k, repo, "changed passphrase; new key ");
        } finally {
          Arrays.fill(p, '\0');
        }
      }
    }
  }

  /** {@code key remove ID}. */
  @Command(
      name = "remove",
      description = "Remove a key slot (never the one in use, never the last).")
  static final class RemoveKey extends RepoCommand {
    @Parameters(paramLabel = "ID", description = "Key id prefix.")
    String id;

    @Override
    public Integer call() {
      try (Repository repo = Repositories.open(global())) {
        KeyId removed = repo.removeKey(id);
        Output out = output();
        if (out.json()) {
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("removed", removed.toHex());
          out.printJson(json);
        } else {
          out.line("removed key " + removed.toShortHex());
        }
        return 0;
      }
    }
  }
}
