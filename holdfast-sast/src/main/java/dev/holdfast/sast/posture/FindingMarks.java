package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.Severity;
import dev.holdfast.sast.store.FindingId;
import dev.holdfast.sast.store.StoredReport;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the gate needs of some findings, and nothing else: each finding once by {@link FindingId},
 * with its worst severity and whether every occurrence is suppressed, and whether every one is
 * fixed (baseline state {@code absent}). Occurrences merge exactly as {@link VersionFindings}
 * merges them, and merging is order-free, so the marks of a version are the merge of its reports'
 * marks: one report's marks can be cached (its content never changes) and a version's computed at
 * query time from whichever reports it has now. Ten bytes a finding; immutable.
 */
final class FindingMarks {
  /** Flag bit: every occurrence is suppressed. */
  static final int SUPPRESSED = 1;

  /** Flag bit: every occurrence is fixed. */
  static final int FIXED = 2;

  private static final Severity[] SEVERITIES = Severity.values();
  private static final FindingMarks NONE = new FindingMarks(new long[0], new byte[0], new byte[0]);

  private final long[] ids;
  private final byte[] severities;
  private final byte[] flags;

  private FindingMarks(long[] ids, byte[] severities, byte[] flags) {
    this.ids = ids;
    this.severities = severities;
    this.flags = flags;
  }

  /** No findings. */
  static FindingMarks none() {
    return NONE;
  }

  /**
   * The marks of the findings of {@code report}, a report of {@code version}.
   *
   * @throws dev.holdfast.core.CorruptObject when its findings do not decode
   */
  static FindingMarks of(AppVersion version, StoredReport report) {
    Builder marks = new Builder();
    report.forEachFinding(
        f ->
            marks.add(
                FindingId.of(version.name(), f).bits(),
                f.severity(),
                (f.suppressed() ? SUPPRESSED : 0) | (VersionFindings.isFixed(f) ? FIXED : 0)));
    return marks.build();
  }

  /** The marks of a version's findings as {@code findings} holds them (already one each). */
  static FindingMarks of(VersionFindings findings) {
    int n = findings.findings().size();
    long[] ids = new long[n];
    byte[] severities = new byte[n];
    byte[] flags = new byte[n];
    int i = 0;
    for (VersionFinding f : findings.findings()) {
      ids[i] = f.id().bits();
      severities[i] = (byte) f.finding().severity().ordinal();
      flags[i] = (byte) ((f.suppressed() ? SUPPRESSED : 0) | (f.fixed() ? FIXED : 0));
      i++;
    }
    return new FindingMarks(ids, severities, flags);
  }

  /** The merge of {@code parts}: each finding once, with the worst severity and shared flags. */
  static FindingMarks merged(List<FindingMarks> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    Builder out = new Builder();
    for (FindingMarks p : parts) {
      for (int i = 0; i < p.ids.length; i++) {
        out.add(p.ids[i], SEVERITIES[p.severities[i]], p.flags[i]);
      }
    }
    return out.build();
  }

  /**
   * Marks from their parts, as decoded from a cache.
   *
   * @throws IllegalArgumentException when the arrays differ in length, a severity or a flag is out
   *     of range, or an id repeats
   */
  static FindingMarks decoded(long[] ids, byte[] severities, byte[] flags) {
    if (ids.length != severities.length || ids.length != flags.length) {
      throw new IllegalArgumentException("marks of different lengths");
    }
    for (int i = 0; i < ids.length; i++) {
      if (severities[i] < 0 || severities[i] >= SEVERITIES.length) {
        throw new IllegalArgumentException("severity " + severities[i] + " is out of range");
      }
      if ((flags[i] & ~(SUPPRESSED | FIXED)) != 0) {
        throw new IllegalArgumentException("flags " + flags[i] + " are out of range");
      }
    }
    long[] sorted = ids.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException("finding " + FindingId.ofBits(sorted[i]) + " repeats");
      }
    }
    return new FindingMarks(ids, severities, flags);
  }

  /** How many distinct findings. */
  int size() {
    return ids.length;
  }

  /** The id of finding {@code i}, as {@link FindingId#bits()}. */
  long id(int i) {
    return ids[i];
  }

  /** The worst severity of finding {@code i}. */
  Severity severity(int i) {
    return SEVERITIES[severities[i]];
  }

  /** True when every occurrence of finding {@code i} is suppressed. */
  boolean suppressed(int i) {
    return (flags[i] & SUPPRESSED) != 0;
  }

  /** True when every occurrence of finding {@code i} is fixed (baseline state absent). */
  boolean fixed(int i) {
    return (flags[i] & FIXED) != 0;
  }

  /** The flag bits of finding {@code i}, for the cache's encoding. */
  int flags(int i) {
    return flags[i];
  }

  /** Equal when both hold the same findings with the same marks, in any order. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FindingMarks m) || m.ids.length != ids.length) {
      return false;
    }
    Map<Long, Integer> at = new HashMap<>();
    for (int j = 0; j < m.ids.length; j++) {
      at.put(m.ids[j], j);
    }
    for (int i = 0; i < ids.length; i++) {
      Integer j = at.get(ids[i]);
      if (j == null || m.severities[j] != severities[i] || m.flags[j] != flags[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = ids.length;
    for (int i = 0; i < ids.length; i++) {
      h += Long.hashCode(ids[i]) ^ (severities[i] << 8) ^ flags[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return ids.length + " findings";
  }

  /** Gathers occurrences, merging those of one id. */
  private static final class Builder {
    private long[] ids = new long[64];
    private byte[] severities = new byte[64];
    private byte[] flags = new byte[64];
    private int size;
    private final Map<Long, Integer> index = new HashMap<>();

    void add(long id, Severity severity, int flag) {
      Integer at = index.putIfAbsent(id, size);
      if (at == null) {
        if (size == ids.length) {
          ids = Arrays.copyOf(ids, size * 2);
          severities = Arrays.copyOf(severities, size * 2);
          flags = Arrays.copyOf(flags, size * 2);
        }
        ids[size] = id;
        severities[size] = (byte) severity.ordinal();
        flags[size] = (byte) flag;
        size++;
      } else {
        int i = at;
        if (severity.ordinal() < severities[i]) {
          severities[i] = (byte) severity.ordinal();
        }
        flags[i] &= (byte) flag;
      }
    }

    FindingMarks build() {
      return new FindingMarks(
          Arrays.copyOf(ids, size), Arrays.copyOf(severities, size), Arrays.copyOf(flags, size));
    }
  }
}
