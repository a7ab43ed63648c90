package dev.holdfast.sast.posture;

import dev.holdfast.core.snapshot.AppVersion;
import dev.holdfast.sast.finding.Finding;
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
 * query time from whichever reports it has now. Immutable once built.
 */
public final class FindingMarks {
  /** Flag bit: every occurrence is suppressed. */
  static final int SUPPRESSED = 1;

  /** Flag bit: every occurrence is fixed. */
  static final int FIXED = 2;

  private static final Severity[] SEVERITIES = Severity.values();

  private long[] ids;
  private byte[] severities;
  private byte[] flags;
  private int size;
  private final Map<Long, Integer> index;

  private FindingMarks(int capacity) {
    ids = new long[capacity];
    severities = new byte[capacity];
    flags = new byte[capacity];
    index = new HashMap<>(Math.max(16, capacity * 2));
  }

  /** No findings. */
  static FindingMarks none() {
    return new FindingMarks(0);
  }

  /**
   * The marks of the findings of {@code report}, a report of {@code version}.
   *
   * @throws dev.holdfast.core.CorruptObject when its findings do not decode
   */
  static FindingMarks of(AppVersion version, StoredReport report) {
    FindingMarks marks = new FindingMarks(64);
    report.forEachFinding(f -> marks.add(FindingId.of(version.name(), f).bits(), f));
    return marks;
  }

  /** The marks of a version's findings as {@code findings} holds them. */
  static FindingMarks of(VersionFindings findings) {
    FindingMarks marks = new FindingMarks(findings.findings().size());
    for (VersionFinding f : findings.findings()) {
      marks.add(
          f.id().bits(),
          f.finding().severity(),
          (f.suppressed() ? SUPPRESSED : 0) | (f.fixed() ? FIXED : 0));
    }
    return marks;
  }

  /** The merge of {@code parts}: each finding once, with the worst severity and shared flags. */
  static FindingMarks merged(List<FindingMarks> parts) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    FindingMarks out = new FindingMarks(64);
    for (FindingMarks p : parts) {
      for (int i = 0; i < p.size; i++) {
        out.add(p.ids[i], SEVERITIES[p.severities[i]], p.flags[i]);
      }
    }
    return out;
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
    FindingMarks marks = new FindingMarks(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (severities[i] < 0 || severities[i] >= SEVERITIES.length) {
        throw new IllegalArgumentException("severity " + severities[i] + " is out of range");
      }
      if ((flags[i] & ~(SUPPRESSED | FIXED)) != 0) {
        throw new IllegalArgumentException("flags " + flags[i] + " are out of range");
      }
      if (marks.index.putIfAbsent(ids[i], i) != null) {
        throw new IllegalArgumentException("finding " + FindingId.ofBits(ids[i]) + " repeats");
      }
    }
    marks.ids = ids;
    marks.severities = severities;
    marks.flags = flags;
    marks.size = ids.length;
    return marks;
  }

  private void add(long id, Finding f) {
    add(
        id,
        f.severity(),
        (f.suppressed() ? SUPPRESSED : 0) | (VersionFindings.isFixed(f) ? FIXED : 0));
  }

  private void add(long id, Severity severity, int flag) {
    Integer at = index.putIfAbsent(id, size);
    if (at == null) {
      if (size == ids.length) {
        int capacity = Math.max(16, size * 2);
        ids = Arrays.copyOf(ids, capacity);
        severities = Arrays.copyOf(severities, capacity);
        flags = Arrays.copyOf(flags, capacity);
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

  /** How many distinct findings. */
  public int size() {
    return size;
  }

  /** The id of finding {@code i}, as {@link FindingId#bits()}. */
  public long id(int i) {
    return ids[check(i)];
  }

  /** The worst severity of finding {@code i}. */
  public Severity severity(int i) {
    return SEVERITIES[severities[check(i)]];
  }

  /** True when every occurrence of finding {@code i} is suppressed. */
  public boolean suppressed(int i) {
    return (flags[check(i)] & SUPPRESSED) != 0;
  }

  /** True when every occurrence of finding {@code i} is fixed (baseline state absent). */
  public boolean fixed(int i) {
    return (flags[check(i)] & FIXED) != 0;
  }

  /** The flag bits of finding {@code i}, for the cache's encoding. */
  int flags(int i) {
    return flags[check(i)];
  }

  private int check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("finding " + i + " of " + size);
    }
    return i;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FindingMarks m) || m.size != size) {
      return false;
    }
    for (int i = 0; i < size; i++) {
      Integer j = m.index.get(ids[i]);
      if (j == null || m.severities[j] != severities[i] || m.flags[j] != flags[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = size;
    for (int i = 0; i < size; i++) {
      h += Long.hashCode(ids[i]) ^ (severities[i] << 8) ^ flags[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return size + " findings";
  }
}
