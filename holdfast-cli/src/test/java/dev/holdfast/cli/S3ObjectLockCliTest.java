package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.s3.testing.ObjectLockS3;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --object-lock} and {@code backup --retain-days} through the command line, against the
 * loopback server that plays AWS's object-lock answers ({@link ObjectLockS3}; S3Proxy has no object
 * lock). The command runs on the system clock, so retention dates are checked within a margin.
 */
class S3ObjectLockCliTest {
  @TempDir Path tmp;

  private final ObjectLockS3 server = new ObjectLockS3(Clock.systemUTC());

  @AfterEach
  void stop() {
    server.close();
  }

  private List<String> access() throws Exception {
    Path secret = CliRepo.passwordFile(tmp, "s3-secret", "any-secret-will-do");
    return List.of(
        "--insecure-http",
        "--s3-access-key-id",
        "lock-test",
        "--s3-secret-access-key-file",
        secret.toString());
  }

  @Test
  void everyBackupBlobIsLockedForTheRepositoryDaysOrLongerPerBackup() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(3).write(source, 500_000);
    Instant start = Instant.now();
    CliRepo repo =
        CliRepo.create(
            tmp,
            server.location("vault").toString(),
            access(),
            "--object-lock",
            "governance",
            "--object-lock-days",
            "30");
    assertThat(repo.json("snapshots")).isEmpty();
    assertThat(server.versions("vault/config").get(0).retainUntil().orElseThrow())
        .isBetween(start.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));

    repo.ok("backup", source.toString(), "--retain-days", "90");

    List<String> packs = server.keys().stream().filter(k -> k.startsWith("vault/data/")).toList();
    assertThat(packs).isNotEmpty();
    for (String pack : packs) {
      ObjectLockS3.Version stored = server.versions(pack).get(0);
      assertThat(stored.lockMode()).as(pack).contains("GOVERNANCE");
      assertThat(stored.retainUntil().orElseThrow())
          .as(pack)
          .isBetween(start.plus(Duration.ofDays(90)), Instant.now().plus(Duration.ofDays(90)));
    }
    assertThat(repo.ok("check", "--read-data").out()).contains("no errors found");
  }

  @Test
  void aBackupCannotShortenTheLockNorLockARepositoryWithoutIt() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(4).write(source, 100_000);
    CliRepo locked =
        CliRepo.create(
            tmp,
            server.location("vault").toString(),
            access(),
            "--object-lock",
            "compliance",
            "--object-lock-days",
            "30");

    Cli.Result shorter = locked.run("backup", source.toString(), "--retain-days", "7");
    assertThat(shorter.code()).as("%s", shorter).isEqualTo(2);
    assertThat(shorter.err()).contains("7 days is shorter than the repository's object lock");

    CliRepo plain = CliRepo.create(tmp, server.location("plain").toString(), access());
    Cli.Result unlocked = plain.run("backup", source.toString(), "--retain-days", "7");
    assertThat(unlocked.code()).as("%s", unlocked).isEqualTo(2);
    assertThat(unlocked.err()).contains("has no object lock");
  }

  @Test
  void aBucketWithoutObjectLockIsRefusedAtInit() throws Exception {
    try (ObjectLockS3 unlocked = new ObjectLockS3(Clock.systemUTC()).withoutObjectLock()) {
      CliRepo repo = CliRepo.at(tmp, unlocked.location("vault").toString(), access());
      Cli.Result r = repo.run("init", "--object-lock", "governance", "--object-lock-days", "30");

      assertThat(r.code()).as("%s", r).isEqualTo(2);
      assertThat(r.err()).contains("does not have object lock enabled");
      assertThat(unlocked.keys()).isEmpty();
    }
  }

  @Test
  void objectLockOptionsGoTogetherAndAreChecked() throws Exception {
    CliRepo repo = CliRepo.at(tmp, server.location("vault").toString(), access());

    assertThat(repo.run("init", "--object-lock", "governance").err())
        .contains("--object-lock and --object-lock-days go together");
    assertThat(repo.run("init", "--object-lock", "forever", "--object-lock-days", "3").err())
        .contains("governance or compliance");
    assertThat(repo.run("init", "--object-lock", "governance", "--object-lock-days", "0").err())
        .contains("object lock days must be 1..36500");
    assertThat(server.keys()).isEmpty();
  }
}
