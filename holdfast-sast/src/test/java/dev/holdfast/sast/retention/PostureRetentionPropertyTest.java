package dev.holdfast.sast.retention;

import static dev.holdfast.sast.testing.SarifText.run;
import static dev.holdfast.sast.testing.SastRepository.app;
import static org.assertj.core.api.Assertions.assertThat;

import dev.holdfast.core.retention.Decision;
import dev.holdfast.core.retention.GroupBy;
import dev.holdfast.core.retention.KeepDuration;
import dev.holdfast.core.retention.KeepPolicy;
import dev.holdfast.core.retention.RetentionPlanner;
import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.core.snapshot.Snapshot;
import dev.holdfast.core.testing.SnapshotHistories;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.posture.Gate;
import dev.holdfast.sast.posture.PostureJudge;
import dev.holdfast.sast.posture.Verdict;
import dev.holdfast.sast.testing.SarifText;
import dev.holdfast.sast.testing.SastRepository;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For random histories whose snapshots ran random application versions (clean, vulnerable, never
 * reported, or clean thanks to a waiver), under random time policies and groupings: retention keeps
 * exactly the K newest clean snapshots of each group for "last clean", and every vulnerable
 * snapshot younger than the suspect duration. Verdicts are predicted here from how each version was
 * made, not asked of the judge.
 */
class PostureRetentionPropertyTest {
  private static final List<AppVersion> CLEAN =
      List.of(app("shop=c1"), app("shop=c2"), app("db=waived"));
  private static final List<AppVersion> VULNERABLE = List.of(app("shop=x1"), app("db=x2"));
  private static final List<AppVersion> UNREPORTED = List.of(app("shop=u1"));
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  static LongStream seeds() {
    return LongStream.rangeClosed(1, 60);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void plannerNeverRemovesTheNewestCleanSnapshotsOfASourceWhateverTheGrouping(long seed) {
    Random random = new Random(seed);
    SastRepository sast = repositoryWithPostures();
    Instant now = sast.clock().instant();
    List<Snapshot> history = new ArrayList<>();
    for (Snapshot s : SnapshotHistories.random(seed, 1 + random.nextInt(80), now, 90, ZONE)) {
      history.add(SastRepository.withVersions(s, randomVersions(random)));
    }
    int keepClean = random.nextInt(5);
    KeepDuration suspectFor = new KeepDuration(0, 0, 1 + random.nextInt(60), 0);
    KeepPolicy policy = randomPolicy(random);
    GroupBy groupBy =
        List.of(GroupBy.SOURCE, GroupBy.NONE, GroupBy.parse("source,host")).get(random.nextInt(3));
    PostureJudge judge = sast.judge(Gate.DEFAULT, history);
    RetentionPlanner planner =
        RetentionPlanner.of(policy, Set.of())
            .with(
                List.of(
                    new LastCleanRule(history, keepClean, judge),
                    new SuspectRule(suspectFor, judge)));
    Instant suspectSince = suspectFor.before(ZonedDateTime.ofInstant(now, ZONE));
    String context =
        "seed %d: keep %d clean, suspect for %s, %s, group by '%s'"
            .formatted(seed, keepClean, suspectFor, policy.describe(), groupBy);

    // The newest clean snapshots of each source, over the whole history.
    List<Snapshot> protectedClean = new ArrayList<>();
    for (List<Snapshot> source : GroupBy.SOURCE.group(history).values()) {
      List<Snapshot> newestFirst = new ArrayList<>(source);
      newestFirst.sort(
          Comparator.comparing((Snapshot s) -> s.time().toInstant())
              .thenComparing(Snapshot::id)
              .reversed());
      newestFirst.stream()
          .filter(s -> expected(s) == Verdict.CLEAN)
          .limit(keepClean)
          .forEach(protectedClean::add);
    }
    for (List<Snapshot> group : groupBy.group(history).values()) {
      Map<Snapshot, Decision> decisions =
          planner.plan(group, ZONE, now).stream()
              .collect(Collectors.toMap(Decision::snapshot, Function.identity()));

      assertThat(decisions).as(context).hasSize(group.size());
      for (Snapshot s : group) {
        Decision d = decisions.get(s);
        String which =
            context + ", snapshot #" + s.id().w3() + " at " + s.time() + " " + s.appVersions();
        assertThat(judge.of(s).verdict()).as(which).isEqualTo(expected(s));
        assertThat(d.reasons().contains(LastCleanRule.REASON))
            .as(which + ": kept for last clean")
            .isEqualTo(protectedClean.contains(s));
        boolean youngSuspect =
            expected(s) == Verdict.VULNERABLE && s.time().toInstant().isAfter(suspectSince);
        assertThat(d.reasons().contains(SuspectRule.REASON))
            .as(which + ": kept as suspect")
            .isEqualTo(youngSuspect);
        if (protectedClean.contains(s) || youngSuspect) {
          assertThat(d.kept()).as(which).isTrue();
        }
      }
    }
  }

  /** Reports for every version, made once per case (each case has its own repository). */
  private static SastRepository repositoryWithPostures() {
    SastRepository sast = new SastRepository();
    sast.ingest("shop", "c1", SarifText.report().run(run("T")));
    sast.ingest("shop", "c2", SarifText.oneFinding("R", Severity.MEDIUM, "medium-only"));
    sast.ingest("db", "waived", SarifText.oneFinding("R", Severity.CRITICAL, "waived"));
    sast.ingest("shop", "x1", SarifText.oneFinding("R", Severity.HIGH, "open"));
    sast.ingest("db", "x2", SarifText.oneFinding("R", Severity.CRITICAL, "open"));
    AppVersion waived = app("db=waived");
    sast.waivers()
        .add(
            "db",
            sast.book(waived).findings(waived).findings().iterator().next().id(),
            "accepted for the test",
            sast.clock().instant().plusSeconds(3600),
            "tester");
    return sast;
  }

  /** No version (a third of the time), or one or two of the pool. */
  private static List<AppVersion> randomVersions(Random random) {
    List<AppVersion> pool = new ArrayList<>(CLEAN);
    pool.addAll(VULNERABLE);
    pool.addAll(UNREPORTED);
    List<AppVersion> versions = new ArrayList<>();
    int n = random.nextInt(6) < 2 ? 0 : 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      // clean versions twice as likely, so groups have several clean snapshots
      AppVersion v =
          random.nextBoolean()
              ? CLEAN.get(random.nextInt(CLEAN.size()))
              : pool.get(random.nextInt(pool.size()));
      if (!versions.contains(v)) {
        versions.add(v);
      }
    }
    return versions;
  }

  private static KeepPolicy randomPolicy(Random random) {
    KeepPolicy.Builder b = KeepPolicy.builder();
    b.last(random.nextInt(3));
    b.daily(random.nextInt(4));
    b.weekly(random.nextInt(3));
    if (random.nextBoolean()) {
      b.within(new KeepDuration(0, 0, random.nextInt(10), 0));
    }
    return b.build();
  }

  private static Verdict expected(Snapshot s) {
    List<AppVersion> versions = s.appVersions();
    if (versions.stream().anyMatch(VULNERABLE::contains)) {
      return Verdict.VULNERABLE;
    }
    if (versions.isEmpty() || versions.stream().anyMatch(UNREPORTED::contains)) {
      return Verdict.UNKNOWN;
    }
    return Verdict.CLEAN;
  }
}
