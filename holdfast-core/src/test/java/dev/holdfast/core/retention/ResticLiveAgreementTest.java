package dev.holdfast.core.retention;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the restic on this machine, when there is one, on a random history and random policies, and
 * asserts the planner decides exactly as it does; so a restic whose rules drifted from the golden
 * files (or a planner change the golden files miss) is caught. The seed is random unless {@code
 * -Dholdfast.restic.seed=N} is given, and is in every failure message.
 */
class ResticLiveAgreementTest {
  static final DateTimeFormatter RESTIC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  static final List<String> ZONES =
      List.of("Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata", "Australia/Sydney");
  static final List<String> GROUPINGS = List.of("", "host", "host,paths", "tags", "paths,tags");

  @TempDir Path tmp;

  @Test
  void plannerAgreesWithTheResticOnThisMachine() {
    Optional<String> version = Restic.version();
    assumeTrue(
        version.isPresent(),
        "restic is not on the PATH: skipped (the golden files still prove agreement with 0.14)");
    long seed =
        Long.getLong("holdfast.restic.seed", new java.security.SecureRandom().nextLong() >>> 16);
    Random r = new Random(seed);
    String zone = ZONES.get(r.nextInt(ZONES.size()));
    ResticHistories.Spec spec = randomHistory(r, zone);
    Golden.History recorded = ResticGoldenGenerator.record(spec, version.get(), tmp);
    var snapshots = Golden.snapshots(recorded.snapshots());
    for (Golden.Case c : recorded.cases()) {
      Golden.assertAgrees(
          snapshots, c, "live " + version.get() + ", seed " + seed + " (TZ " + zone + ")");
    }
  }

  /**
   * 18 backups at random times over about 14 months in {@code zone} (about one in six at the time
   * of an earlier one, with its tags, so that equal times cannot make restic's arbitrary order
   * matter), on two hosts, two folders, tags of {@code x} and {@code y}; then five random policies.
   */
  static ResticHistories.Spec randomHistory(Random r, String zone) {
    LocalDateTime end = LocalDateTime.of(2026, 11, 1, 0, 0);
    List<ResticHistories.Backup> backups = new ArrayList<>();
    for (int i = 0; i < 18; i++) {
      if (!backups.isEmpty() && r.nextInt(6) == 0) {
        ResticHistories.Backup twin = backups.get(r.nextInt(backups.size()));
        backups.add(twin);
        continue;
      }
      String time = end.minusMinutes(r.nextInt(14 * 31 * 24 * 60)).format(RESTIC_TIME);
      List<String> tags = new ArrayList<>();
      if (r.nextBoolean()) {
        tags.add("x");
      }
      if (r.nextInt(3) == 0) {
        tags.add("y");
      }
      backups.add(
          new ResticHistories.Backup(
              time,
              zone,
              r.nextInt(3) == 0 ? "beta" : "alpha",
              r.nextInt(3) == 0 ? "other" : "data",
              tags));
    }
    List<ResticHistories.CaseSpec> cases = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      List<String> policy = randomPolicy(r);
      String groupBy = GROUPINGS.get(r.nextInt(GROUPINGS.size()));
      cases.add(
          new ResticHistories.CaseSpec(
              String.join(" ", policy) + " --group-by '" + groupBy + "'", groupBy, zone, policy));
    }
    return new ResticHistories.Spec("live", zone, backups, cases);
  }

  static List<String> randomPolicy(Random r) {
    List<String> args = new ArrayList<>();
    String[] counted = {"last", "hourly", "daily", "weekly", "monthly", "yearly"};
    String[] within = {"", "-hourly", "-daily", "-weekly", "-monthly", "-yearly"};
    while (args.isEmpty()) {
      for (String c : counted) {
        if (r.nextInt(4) == 0) {
          args.add("--keep-" + c);
          args.add(r.nextInt(5) == 0 ? "-1" : Integer.toString(1 + r.nextInt(6)));
        }
      }
      for (String w : within) {
        if (r.nextInt(7) == 0) {
          args.add("--keep-within" + w);
          args.add(randomDuration(r));
        }
      }
      if (r.nextInt(5) == 0) {
        args.add("--keep-tag");
        args.add(r.nextBoolean() ? "x" : "x,y");
      }
    }
    return args;
  }

  static String randomDuration(Random r) {
    StringBuilder d = new StringBuilder();
    if (r.nextInt(4) == 0) {
      d.append(1 + r.nextInt(2)).append('y');
    }
    if (r.nextInt(3) == 0) {
      d.append(1 + r.nextInt(11)).append('m');
    }
    if (r.nextBoolean()) {
      d.append(1 + r.nextInt(60)).append('d');
    }
    if (d.length() == 0 || r.nextInt(3) == 0) {
      d.append(1 + r.nextInt(48)).append('h');
    }
    return d.toString();
  }
}
