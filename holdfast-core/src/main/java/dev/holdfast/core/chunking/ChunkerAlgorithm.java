package dev.holdfast.core.chunking;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/**
 * The chunking rules a repository was created with, named in its config. Both are FastCDC (Xia et
 * al., 2020) over a 64-bit Gear hash keyed by the repository, with normalized chunking level 2;
 * they differ in the Gear table and in one rule for runs of zeros ({@link FastCdc#cut}). A
 * repository keeps its algorithm for life: its backups deduplicate only against chunks cut the same
 * way.
 */
public enum ChunkerAlgorithm {

  /**
   * The first algorithm: {@code gear[i]} as derived from the chunker seed. Over a run of zero bytes
   * the hash settles on one key-dependent value that almost never passes the mask, so zero-filled
   * space does not end chunks. Kept for the repositories created with it.
   */
  FASTCDC_GEAR64_NC2("FASTCDC-2020-GEAR64-NC2"),

  /**
   * The derived table shifted by its zero entry, {@code gear[i] - gear[0]}: a window of 64 zero
   * bytes hashes to 0, which passes every mask, so a chunk also ends in the first run of 64 zeros
   * past {@code minSize}, at its 64th zero at the latest ({@link FastCdc#cut}). Database pages keep
   * their free space as zeros, so their chunks end near {@code minSize} and scattered page writes
   * rewrite about half as much as with average-size chunks. Shorter runs end chunks more often too,
   * from about 56 zeros on (three in four runs of 63 do, past the minimum), so binaries with zero
   * padding get smaller chunks as well; other data keeps the average size. Boundaries in runs of
   * zeros follow the content rather than the key (as restic's do). The default for new
   * repositories.
   */
  FASTCDC_GEAR64_NC2_ZEROCUT("FASTCDC-2020-GEAR64-NC2-ZEROCUT");

  /** What {@code init} creates repositories with. */
  public static final ChunkerAlgorithm DEFAULT = FASTCDC_GEAR64_NC2_ZEROCUT;

  private final String configName;

  ChunkerAlgorithm(String configName) {
    this.configName = configName;
  }

  /** The name stored in a repository's config. */
  @JsonValue
  public String configName() {
    return configName;
  }

  /**
   * The algorithm a config names.
   *
   * @throws IllegalArgumentException naming the unknown algorithm and the known ones
   */
  @JsonCreator
  public static ChunkerAlgorithm named(String configName) {
    return find(configName)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown chunker algorithm "
                        + configName
                        + " (this version knows "
                        + String.join(", ", Arrays.stream(values()).map(a -> a.configName).toList())
                        + ")"));
  }

  /** Whether this version knows the algorithm a config names. */
  public static boolean isKnown(String configName) {
    return find(configName).isPresent();
  }

  private static Optional<ChunkerAlgorithm> find(String configName) {
    return Arrays.stream(values()).filter(a -> a.configName.equals(configName)).findFirst();
  }
}
