package dev.holdfast.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.holdfast.core.testing.TreeAssertions;
import dev.holdfast.core.testing.TreeGenerator;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.testing.LocalS3;
import dev.holdfast.s3.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A repository in S3 through the command line, against a real S3Proxy on loopback. */
class S3EndToEndTest {
  @RegisterExtension static final LocalS3 S3 = new LocalS3();

  @TempDir Path tmp;

  private Path secretFile;

  @BeforeEach
  void secret() throws Exception {
    secretFile = CliRepo.passwordFile(tmp, "s3-secret", S3ProxyServer.SECRET_KEY);
  }

  /** The storage options a user of this server passes: plain HTTP and an access key. */
  private List<String> access(Path secret) {
    return List.of(
        "--insecure-http",
        "--s3-access-key-id",
        S3ProxyServer.ACCESS_KEY,
        "--s3-secret-access-key-file",
        secret.toString());
  }

  @Test
  void initBackupSnapshotsRestoreAndCheckInS3() throws Exception {
    Path source = tmp.resolve("source");
    new TreeGenerator(7).write(source, 1_500_000);
    String location = S3.newBucket("backups/laptop").toString();

    CliRepo repo = CliRepo.create(tmp, location, access(secretFile));

    Cli.Result first = repo.ok("backup", source.toString());
    assertThat(first.out()).contains("snapshot ", " saved (file://");
    JsonNode second = repo.json("backup", source.toString()).get("snapshot");
    assertThat(second.get("stats").get("filesUnchanged").asLong())
        .isEqualTo(second.get("stats").get("files").asLong());

    JsonNode snapshots = repo.json("snapshots");
    assertThat(snapshots).hasSize(2);
    assertThat(repo.ok("snapshots").out()).contains("2 snapshots");

    Path restored = tmp.resolve("restored");
    Cli.Result restore = repo.ok("restore", "latest", "--target", restored.toString(), "--verify");
    assertThat(restore.out()).contains("verified");
    TreeAssertions.assertSameTree(source, restored, "restore from " + location);

    Cli.Result check = repo.ok("check", "--read-data");
    assertThat(check.out()).contains("checked 2 snapshots", "no errors found");

    Cli.Result again = repo.run(initArgs());
    assertThat(again.code()).as("%s", again).isEqualTo(14);
    assertThat(again.err()).contains("a repository already exists at " + location);
  }

  @Test
  void initPrintsTheLocationAndStorageOptionsGoAnywhere() throws Exception {
    String location = S3.newBucket("repo").toString();
    List<String> args = new ArrayList<>(List.of("init", "--repo", location));
    args.addAll(CliRepo.FAST_INIT);
    args.addAll(access(secretFile));
    args.addAll(List.of("--password-file", secretFile.toString(), "--json"));

    Cli.Result init = Cli.run(args.toArray(String[]::new));

    assertThat(init.code()).as("%s", init).isZero();
    assertThat(init.json().get("repository").asText()).isEqualTo(location);
    List<String> before = new ArrayList<>(access(secretFile));
    before.addAll(
        List.of("--repo", location, "--password-file", secretFile.toString(), "snapshots"));
    assertThat(Cli.run(before.toArray(String[]::new)).out()).contains("0 snapshots");
  }

  @Test
  void wrongCredentialsExitWithAStorageErrorThatNamesTheProblemNotTheSecret() throws Exception {
    String location = S3.newBucket("repo").toString();
    CliRepo.create(tmp, location, access(secretFile));
    Path wrong = CliRepo.passwordFile(tmp, "wrong-secret", "this-is-not-the-secret");

    Cli.Result r = CliRepo.at(tmp, location, access(wrong)).run("snapshots");

    assertThat(r.code()).as("%s", r).isEqualTo(13);
    assertThat(r.err())
        .startsWith("holdfast: ")
        .contains("refused the credentials")
        .doesNotContain("this-is-not-the-secret");
  }

  @Test
  void aMissingBucketIsAClearError() {
    String location =
        new S3Location(Optional.of(S3.server().endpoint()), "no-such-bucket", "repo").toString();
    List<String> args = new ArrayList<>(List.of("--repo", location, "init"));
    args.addAll(access(secretFile));
    args.addAll(List.of("--password-file", secretFile.toString()));

    Cli.Result init = Cli.run(args.toArray(String[]::new));
    assertThat(init.code()).as("%s", init).isEqualTo(13);
    assertThat(init.err()).contains("the bucket no-such-bucket does not exist", "create it first");

    args.set(2, "snapshots");
    Cli.Result snapshots = Cli.run(args.toArray(String[]::new));
    assertThat(snapshots.code()).as("%s", snapshots).isEqualTo(10);
    assertThat(snapshots.err()).contains("the bucket no-such-bucket does not exist");
  }

  @Test
  void plainHttpNeedsInsecureHttpAndObjectLockNeedsABucketThatHasIt() {
    String location = S3.newBucket("repo").toString();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--repo",
                location,
                "init",
                "--password-file",
                secretFile.toString(),
                "--s3-access-key-id",
                S3ProxyServer.ACCESS_KEY,
                "--s3-secret-access-key-file",
                secretFile.toString()));

    Cli.Result http = Cli.run(args.toArray(String[]::new));
    assertThat(http.code()).as("%s", http).isEqualTo(2);
    assertThat(http.err()).contains("plain HTTP", "--insecure-http");

    args.addAll(
        List.of("--insecure-http", "--object-lock", "governance", "--object-lock-days", "7"));
    Cli.Result lock = Cli.run(args.toArray(String[]::new));
    assertThat(lock.code()).as("%s", lock).isEqualTo(2);
    assertThat(lock.err()).contains("does not support object lock");
  }

  @Test
  void objectLockOnALocalFolderIsAUsageErrorAndCreatesNothing() throws Exception {
    Path dir = tmp.resolve("local-repo");
    Cli.Result r =
        Cli.run(
            "--repo",
            dir.toString(),
            "--password-file",
            secretFile.toString(),
            "init",
            "--object-lock",
            "compliance",
            "--object-lock-days",
            "30");

    assertThat(r.code()).as("%s", r).isEqualTo(2);
    assertThat(r.err()).contains("--object-lock needs S3 storage");
    assertThat(Files.exists(dir)).isFalse();
  }

  private static String[] initArgs() {
    List<String> args = new ArrayList<>(List.of("init"));
    args.addAll(CliRepo.FAST_INIT);
    return args.toArray(String[]::new);
  }
}
