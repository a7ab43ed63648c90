package dev.holdfast.core.retention;

import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot histories and policies that the golden files record restic's decisions for: each
 * rule alone, combinations, unlimited counts, keep-within variants, daylight-saving changes in
 * Europe and America, ISO-week and year boundaries, month ends, equal times, snapshots recorded in
 * another time zone, and every grouping (docs/RETENTION.md, "How we know it is restic's").
 */
final class ResticHistories {
  private ResticHistories() {}

  /** One backup: {@code time} is local to {@code timeZone}, as {@code restic --time} reads it. */
  record Backup(String time, String timeZone, String host, String folder, List<String> tags) {}

  /** One forget run: the policy in Holdfast's options, restic's group-by and TZ. */
  record CaseSpec(String name, String groupBy, String timeZone, List<String> policy) {}

  /** A history and the runs recorded for it. */
  record Spec(String name, String timeZone, List<Backup> backups, List<CaseSpec> cases) {}

  static List<Spec> all() {
    return List.of(
        berlin(), monthEnds(), autumnOverlap(), springGap(), newYork(), london(), ties(), groups());
  }

  /**
   * Two years of monthly backups, the 2025/2026 year and ISO-week boundary, both daylight-saving
   * changes of 2026 (a skipped and a repeated hour), fortnightly Sundays, three weeks of nightly
   * backups on two hosts, one backup recorded in Tokyo time and one dated in the future.
   */
  static Spec berlin() {
    History h = new History("berlin", "Europe/Berlin");
    for (int year = 2024; year <= 2025; year++) {
      for (int month = 1; month <= 12; month++) {
        if ((year == 2024 && month == 5) || (year == 2025 && month == 8)) {
          continue;
        }
        h.at(String.format("%d-%02d-01 01:00:00", year, month), "alpha", "monthly");
      }
    }
    h.at("2024-02-29 12:00:00", "alpha", "monthly");
    h.at("2024-12-31 23:59:59", "alpha");
    for (String t :
        List.of(
            "2025-12-28 21:00:00",
            "2025-12-29 09:00:00",
            "2025-12-31 23:30:00",
            "2026-01-01 00:30:00",
            "2026-01-04 23:59:00",
            "2026-01-05 00:01:00",
            "2026-03-29 00:30:00",
            "2026-03-29 01:30:00",
            "2026-03-29 02:30:00", // skipped by the clock change: restic stores 03:30 CEST
            "2026-03-29 03:45:00")) {
      h.at(t, "alpha");
    }
    for (String day :
        List.of(
            "04-05", "04-19", "05-03", "05-17", "05-31", "06-14", "06-28", "07-12", "07-26",
            "08-09", "08-23", "09-06", "09-20")) {
      h.at("2026-" + day + " 04:00:00", "alpha", "weekly");
    }
    h.at("2026-06-15 22:00:00", "alpha");
    h.in("Asia/Tokyo", "2026-06-16 06:30:00", "alpha"); // 23:30 on June 15 in Berlin
    h.at("2026-06-16 10:00:00", "alpha");
    h.at("2026-10-25 00:30:00", "alpha");
    h.in("Etc/GMT-2", "2026-10-25 02:30:00", "alpha"); // the first 02:30 (CEST)
    h.in("Etc/GMT-1", "2026-10-25 02:10:00", "alpha"); // the second 02:xx hour (CET)
    h.in("Etc/GMT-1", "2026-10-25 02:30:00", "alpha");
    h.at("2026-10-25 03:30:00", "alpha");
    for (int day = 26; day <= 46; day++) {
      String date = day <= 31 ? "2026-10-" + day : String.format("2026-11-%02d", day - 31);
      if (date.equals("2026-11-02") || date.equals("2026-11-09")) {
        continue;
      }
      String host =
          List.of("2026-10-28", "2026-11-05", "2026-11-13").contains(date) ? "beta" : "alpha";
      if (List.of("2026-11-03", "2026-11-10").contains(date)) {
        h.at(date + " 02:15:00", host, "nightly", "prod");
      } else {
        h.at(date + " 02:15:00", host, "nightly");
      }
      if (List.of("2026-10-30", "2026-11-12").contains(date)) {
        h.at(date + " 14:00:00", host);
      }
    }
    h.at("2030-01-01 00:00:00", "alpha", "future");

    for (String n : List.of("1", "5", "-1")) {
      h.policy("--keep-last", n);
    }
    h.policy("--keep-hourly", "5").policy("--keep-hourly", "40");
    h.policy("--keep-daily", "7").policy("--keep-daily", "30").policy("--keep-daily", "-1");
    h.policy("--keep-weekly", "4").policy("--keep-weekly", "20").policy("--keep-weekly", "-1");
    h.policy("--keep-monthly", "6").policy("--keep-monthly", "30").policy("--keep-monthly", "-1");
    h.policy("--keep-yearly", "2").policy("--keep-yearly", "-1");
    for (String d : List.of("7d", "2m", "1y", "1y2m3d4h", "36h", "400d")) {
      h.policy("--keep-within", d);
    }
    h.policy("--keep-within-hourly", "2d");
    h.policy("--keep-within-daily", "1m");
    h.policy("--keep-within-weekly", "6m");
    h.policy("--keep-within-monthly", "2y");
    h.policy("--keep-within-yearly", "5y");
    h.policy("--keep-tag", "prod");
    h.policy("--keep-tag", "nightly,prod");
    h.policy("--keep-tag", "monthly", "--keep-tag", "weekly");
    h.policy(
        "--keep-daily", "7", "--keep-weekly", "5", "--keep-monthly", "12", "--keep-yearly", "3");
    h.policy("--keep-last", "3", "--keep-within", "10d", "--keep-tag", "monthly");
    h.policy("--keep-hourly", "24", "--keep-daily", "14", "--keep-within-weekly", "3m");
    h.policy("--keep-daily", "7", "--keep-monthly", "-1");
    h.policy(
        "--keep-within",
        "2d",
        "--keep-within-daily",
        "10d",
        "--keep-within-weekly",
        "2m",
        "--keep-within-monthly",
        "1y",
        "--keep-within-yearly",
        "3y");
    for (String by : List.of("host", "host,paths", "tags", "host,tags")) {
      h.grouped(by, "--keep-last", "2");
    }
    h.grouped("host", "--keep-daily", "3");
    h.zoned("America/New_York", "--keep-daily", "10");
    h.zoned("UTC", "--keep-hourly", "30");
    h.zoned("Asia/Tokyo", "--keep-weekly", "8");
    return h.spec();
  }

  /**
   * Month ends: one month before March 31 is March 3 on Go's calendar (February 31 overflows), the
   * reference time is in summer time and the snapshots in winter time.
   */
  static Spec monthEnds() {
    History h = new History("month-ends", "Europe/Berlin");
    for (String t :
        List.of(
            "2025-02-28 12:00:00",
            "2025-03-01 12:00:00",
            "2025-03-03 12:30:00",
            "2026-02-28 12:00:00",
            "2026-03-01 12:00:00",
            "2026-03-02 12:00:00",
            "2026-03-03 11:00:00",
            "2026-03-03 13:00:00",
            "2026-03-31 12:00:00")) {
      h.at(t, "h");
    }
    for (String d : List.of("1m", "1y1m", "1m1d", "29d", "1y", "28d12h")) {
      h.policy("--keep-within", d);
    }
    h.policy("--keep-within-daily", "1m");
    h.policy("--keep-within-monthly", "1y1m");
    h.policy("--keep-daily", "3");
    h.policy("--keep-monthly", "3");
    return h.spec();
  }

  /**
   * The repeated hour of October 25, 2026 in Berlin: one group ends in its first 02:30 (summer
   * time), the other in its second (winter time); Go resolves 02:30 to the second.
   */
  static Spec autumnOverlap() {
    History h = new History("autumn-overlap", "Europe/Berlin");
    h.at("2026-10-24 23:30:00", "first");
    h.at("2026-10-25 00:30:00", "first");
    h.at("2026-10-25 01:30:00", "first");
    h.in("Etc/GMT-2", "2026-10-25 02:10:00", "first");
    h.in("Etc/GMT-2", "2026-10-25 02:30:00", "first");
    h.at("2026-10-24 23:30:00", "second");
    h.at("2026-10-25 01:30:00", "second");
    h.in("Etc/GMT-2", "2026-10-25 02:30:00", "second");
    h.in("Etc/GMT-1", "2026-10-25 02:10:00", "second");
    h.in("Etc/GMT-1", "2026-10-25 02:30:00", "second");
    for (String d : List.of("1h", "2h", "3h", "1d")) {
      h.grouped("host", "--keep-within", d);
    }
    h.grouped("host", "--keep-within-hourly", "2h");
    h.grouped("host", "--keep-hourly", "3");
    h.grouped("host", "--keep-hourly", "-1");
    h.grouped("host", "--keep-last", "2", "--keep-within", "1h");
    return h.spec();
  }

  /** The skipped hour of March 29, 2026 in Berlin: one day back is 23 hours back. */
  static Spec springGap() {
    History h = new History("spring-gap", "Europe/Berlin");
    for (String t :
        List.of(
            "2026-03-28 02:30:00",
            "2026-03-28 03:30:00",
            "2026-03-29 00:30:00",
            "2026-03-29 01:30:00",
            "2026-03-29 01:59:00",
            "2026-03-29 03:00:00",
            "2026-03-29 03:30:00")) {
      h.at(t, "h");
    }
    for (String d : List.of("1h", "2h", "1d", "1d1h")) {
      h.policy("--keep-within", d);
    }
    h.policy("--keep-within-hourly", "3h");
    h.policy("--keep-hourly", "4");
    h.policy("--keep-daily", "2");
    return h.spec();
  }

  /**
   * New York: the 2020/2021 year end (2020 has an ISO week 53 that ends on January 3, 2021), and
   * both clock changes of 2020, where Go resolves a skipped wall time backwards and a repeated one
   * to its first occurrence, unlike Berlin.
   */
  static Spec newYork() {
    History h = new History("new-york", "America/New_York");
    for (String t :
        List.of(
            "2020-12-27 12:00:00",
            "2020-12-28 09:00:00",
            "2020-12-31 23:00:00",
            "2021-01-01 01:00:00",
            "2021-01-03 23:00:00",
            "2021-01-04 00:30:00",
            "2021-01-10 10:00:00")) {
      h.at(t, "year-end");
    }
    h.at("2020-03-07 12:00:00", "spring");
    h.in("Etc/GMT+5", "2020-03-08 01:45:00", "spring");
    h.at("2020-03-08 03:15:00", "spring");
    h.at("2020-03-09 02:30:00", "spring");
    h.at("2020-11-01 00:30:00", "autumn");
    h.in("Etc/GMT+4", "2020-11-01 01:30:00", "autumn"); // first 01:30 (EDT)
    h.in("Etc/GMT+5", "2020-11-01 01:30:00", "autumn"); // second 01:30 (EST)
    h.at("2020-11-01 02:30:00", "autumn");
    h.at("2020-11-02 01:40:00", "autumn");
    h.grouped("host", "--keep-weekly", "3");
    h.grouped("host", "--keep-weekly", "-1");
    h.grouped("host", "--keep-yearly", "2");
    h.grouped("host", "--keep-within", "1d");
    h.grouped("host", "--keep-within", "23h");
    h.grouped("host", "--keep-hourly", "3");
    h.grouped("host", "--keep-daily", "3");
    h.grouped("host", "--keep-within-daily", "2d");
    h.zonedGrouped("UTC", "host", "--keep-weekly", "-1");
    h.zonedGrouped("UTC", "host", "--keep-within", "1d");
    return h.spec();
  }

  /**
   * London: times at offset zero are written with {@code Z} and read back in UTC, not London time,
   * so calendar steps back from a winter snapshot ignore summer time.
   */
  static Spec london() {
    History h = new History("london", "Europe/London");
    h.at("2025-07-10 10:30:00", "h");
    h.at("2025-07-10 11:30:00", "h");
    h.in("Etc/GMT-1", "2025-10-26 01:30:00", "h"); // the first 01:30 (BST)
    h.in("UTC", "2025-10-26 01:30:00", "h"); // the second 01:30 (GMT)
    h.at("2025-10-26 02:30:00", "h");
    h.at("2026-01-09 18:00:00", "h");
    h.at("2026-01-10 10:00:00", "h");
    h.policy("--keep-within", "6m");
    h.policy("--keep-within", "6m1d");
    h.policy("--keep-within", "76d");
    h.policy("--keep-hourly", "10");
    h.policy("--keep-daily", "10");
    h.policy("--keep-within-hourly", "1y");
    h.zoned("UTC", "--keep-within", "6m");
    h.zoned("UTC", "--keep-hourly", "10");
    return h.spec();
  }

  /**
   * Snapshots with equal times: restic orders them arbitrarily, so outcomes are compared as sets.
   */
  static Spec ties() {
    History h = new History("ties", "UTC");
    for (String t :
        List.of(
            "2026-04-30 23:00:00",
            "2026-05-01 12:00:00",
            "2026-05-01 12:00:00",
            "2026-05-01 12:00:00",
            "2026-05-01 18:00:00",
            "2026-05-02 08:00:00",
            "2026-05-02 08:00:00",
            "2026-05-03 09:00:00",
            "2026-05-03 09:00:00")) {
      h.at(t, "h");
    }
    h.policy("--keep-last", "2");
    h.policy("--keep-last", "4");
    h.policy("--keep-daily", "2");
    h.policy("--keep-hourly", "3");
    h.policy("--keep-within", "1d");
    h.policy("--keep-within-daily", "3d");
    h.policy("--keep-last", "1", "--keep-daily", "3");
    return h.spec();
  }

  /** Two hosts, two folders and tag sets (one given in the other order) for every grouping. */
  static Spec groups() {
    History h = new History("groups", "UTC");
    h.at("2026-06-01 10:00:00", "alpha");
    h.at("2026-06-02 10:00:00", "alpha");
    h.at("2026-06-03 10:00:00", "alpha", "a");
    h.at("2026-06-04 10:00:00", "alpha", "a", "b");
    h.at("2026-06-05 10:00:00", "alpha", "b", "a");
    h.folder("other").at("2026-06-01 11:00:00", "alpha").at("2026-06-06 11:00:00", "alpha");
    h.folder("data").at("2026-06-02 12:00:00", "beta").at("2026-06-06 12:00:00", "beta", "a");
    h.folder("other").at("2026-06-03 12:00:00", "beta", "b").at("2026-06-07 12:00:00", "beta", "b");
    for (String by :
        List.of(
            "",
            "host",
            "paths",
            "tags",
            "host,paths",
            "host,tags",
            "paths,tags",
            "host,paths,tags")) {
      h.grouped(by, "--keep-last", "1");
    }
    h.grouped("host", "--keep-tag", "a,b");
    h.grouped("tags", "--keep-daily", "2");
    return h.spec();
  }

  /** Collects the backups and cases of one history. */
  private static final class History {
    private final String name;
    private final String timeZone;
    private final List<Backup> backups = new ArrayList<>();
    private final List<CaseSpec> cases = new ArrayList<>();
    private String folder = "data";

    History(String name, String timeZone) {
      this.name = name;
      this.timeZone = timeZone;
    }

    /** Backs up to {@code folder} from now on. */
    History folder(String f) {
      folder = f;
      return this;
    }

    History at(String time, String host, String... tags) {
      return in(timeZone, time, host, tags);
    }

    History in(String zone, String time, String host, String... tags) {
      backups.add(new Backup(time, zone, host, folder, List.of(tags)));
      return this;
    }

    History policy(String... args) {
      return zonedGrouped(timeZone, "", args);
    }

    History grouped(String groupBy, String... args) {
      return zonedGrouped(timeZone, groupBy, args);
    }

    History zoned(String zone, String... args) {
      return zonedGrouped(zone, "", args);
    }

    History zonedGrouped(String zone, String groupBy, String... args) {
      String label =
          String.join(" ", args)
              + (groupBy.isEmpty() ? "" : " --group-by " + groupBy)
              + (zone.equals(timeZone) ? "" : " TZ=" + zone);
      cases.add(new CaseSpec(label, groupBy, zone, List.of(args)));
      return this;
    }

    Spec spec() {
      return new Spec(name, timeZone, List.copyOf(backups), List.copyOf(cases));
    }
  }
}
