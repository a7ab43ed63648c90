package dev.holdfast.core.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code forget} keeps, with restic's options and meanings (docs/RETENTION.md). Counts are 0
 * (rule off), a positive number, or {@link #UNLIMITED}; durations are {@link KeepDuration#NONE}
 * when off; each tag list keeps the snapshots that carry all of its tags. A snapshot is kept when
 * any rule keeps it.
 */
public record KeepPolicy(
    int last,
    int hourly,
    int daily,
    int weekly,
    int monthly,
    int yearly,
    KeepDuration within,
    KeepDuration withinHourly,
    KeepDuration withinDaily,
    KeepDuration withinWeekly,
    KeepDuration withinMonthly,
    KeepDuration withinYearly,
    List<List<String>> tags) {

  /** A count that keeps every bucket, as restic's {@code unlimited} (-1). */
  public static final int UNLIMITED = BucketRule.UNLIMITED;

  /** The policy that keeps nothing by itself: forget refuses it unless snapshots are named. */
  public static final KeepPolicy EMPTY = builder().build();

  public KeepPolicy {
    for (int count : new int[] {last, hourly, daily, weekly, monthly, yearly}) {
      if (count < UNLIMITED) {
        throw new IllegalArgumentException("keep counts are -1 (unlimited) or more: " + count);
      }
    }
    for (KeepDuration d :
        new KeepDuration[] {
          within, withinHourly, withinDaily, withinWeekly, withinMonthly, withinYearly
        }) {
      if (d == null) {
        throw new IllegalArgumentException("durations are KeepDuration.NONE when off, not null");
      }
    }
    List<List<String>> copies = new ArrayList<>();
    for (List<String> list : tags) {
      copies.add(new TagRule(list).tags());
    }
    tags = List.copyOf(copies);
  }

  /** A builder with every rule off. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when no rule is on: such a policy would keep everything (restic: "policy is empty"). */
  public boolean isEmpty() {
    return rules().isEmpty();
  }

  /**
   * The rules of this policy in restic's order, which is the order of reasons: tags, keep-within,
   * last, hourly, daily, weekly, monthly, yearly, then the within-hourly … within-yearly rules.
   */
  public List<KeepRule> rules() {
    List<KeepRule> rules = new ArrayList<>();
    tags.forEach(t -> rules.add(new TagRule(t)));
    if (!within.isZero()) {
      rules.add(new WithinRule(within));
    }
    int[] counts = {last, hourly, daily, weekly, monthly, yearly};
    Bucket[] buckets = Bucket.values();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] != 0) {
        rules.add(new BucketRule(buckets[i], counts[i]));
      }
    }
    KeepDuration[] withins = {withinHourly, withinDaily, withinWeekly, withinMonthly, withinYearly};
    for (int i = 0; i < withins.length; i++) {
      if (!withins[i].isZero()) {
        rules.add(new WithinBucketRule(buckets[i + 1], withins[i]));
      }
    }
    return List.copyOf(rules);
  }

  /**
   * A sentence for people, e.g. {@code keep 7 daily, all monthly snapshots, and snapshots within 2d
   * of the latest}.
   */
  public String describe() {
    List<String> parts = new ArrayList<>();
    int[] counts = {last, hourly, daily, weekly, monthly, yearly};
    List<String> counted = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      String word = i == 0 ? "latest" : Bucket.values()[i].word();
      if (counts[i] == UNLIMITED) {
        counted.add("all " + word);
      } else if (counts[i] > 0) {
        counted.add(counts[i] + " " + word);
      }
    }
    if (!counted.isEmpty()) {
      parts.add(String.join(", ", counted) + " snapshots");
    }
    KeepDuration[] withins = {withinHourly, withinDaily, withinWeekly, withinMonthly, withinYearly};
    for (int i = 0; i < withins.length; i++) {
      if (!withins[i].isZero()) {
        parts.add(Bucket.values()[i + 1].word() + " snapshots within " + withins[i]);
      }
    }
    if (!within.isZero()) {
      parts.add("all snapshots within " + within + " of the latest");
    }
    tags.forEach(t -> parts.add("all snapshots tagged " + String.join(",", t)));
    return parts.isEmpty() ? "keep everything (empty policy)" : "keep " + String.join("; ", parts);
  }

  /** Builds a {@link KeepPolicy}; every rule starts off. */
  public static final class Builder {
    private int last;
    private int hourly;
    private int daily;
    private int weekly;
    private int monthly;
    private int yearly;
    private KeepDuration within = KeepDuration.NONE;
    private KeepDuration withinHourly = KeepDuration.NONE;
    private KeepDuration withinDaily = KeepDuration.NONE;
    private KeepDuration withinWeekly = KeepDuration.NONE;
    private KeepDuration withinMonthly = KeepDuration.NONE;
    private KeepDuration withinYearly = KeepDuration.NONE;
    private final List<List<String>> tags = new ArrayList<>();

    private Builder() {}

    /** Keeps the {@code n} newest snapshots. */
    public Builder last(int n) {
      last = n;
      return this;
    }

    /** Keeps the newest snapshot of each of the {@code n} newest hours that have one. */
    public Builder hourly(int n) {
      hourly = n;
      return this;
    }

    /** Keeps the newest snapshot of each of the {@code n} newest days that have one. */
    public Builder daily(int n) {
      daily = n;
      return this;
    }

    /** Keeps the newest snapshot of each of the {@code n} newest ISO weeks that have one. */
    public Builder weekly(int n) {
      weekly = n;
      return this;
    }

    /** Keeps the newest snapshot of each of the {@code n} newest months that have one. */
    public Builder monthly(int n) {
      monthly = n;
      return this;
    }

    /** Keeps the newest snapshot of each of the {@code n} newest years that have one. */
    public Builder yearly(int n) {
      yearly = n;
      return this;
    }

    /** The count of one bucket: {@code last(n)} for {@link Bucket#LAST}, and so on. */
    public Builder count(Bucket bucket, int n) {
      switch (bucket) {
        case LAST:
          return last(n);
        case HOURLY:
          return hourly(n);
        case DAILY:
          return daily(n);
        case WEEKLY:
          return weekly(n);
        case MONTHLY:
          return monthly(n);
        default:
          return yearly(n);
      }
    }

    /** Keeps every snapshot within {@code d} of the latest. */
    public Builder within(KeepDuration d) {
      within = d;
      return this;
    }

    /**
     * Keeps the newest snapshot of each {@code bucket} within {@code d} of the latest ({@link
     * Bucket#LAST} means plain keep-within).
     */
    public Builder within(Bucket bucket, KeepDuration d) {
      switch (bucket) {
        case LAST:
          within = d;
          break;
        case HOURLY:
          withinHourly = d;
          break;
        case DAILY:
          withinDaily = d;
          break;
        case WEEKLY:
          withinWeekly = d;
          break;
        case MONTHLY:
          withinMonthly = d;
          break;
        default:
          withinYearly = d;
      }
      return this;
    }

    /** Keeps every snapshot that carries all of {@code tagList}. */
    public Builder tags(List<String> tagList) {
      tags.add(List.copyOf(tagList));
      return this;
    }

    public KeepPolicy build() {
      return new KeepPolicy(
          last,
          hourly,
          daily,
          weekly,
          monthly,
          yearly,
          within,
          withinHourly,
          withinDaily,
          withinWeekly,
          withinMonthly,
          withinYearly,
          tags);
    }
  }
}
