package dev.holdfast.sast.finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The identity of a finding across runs and app versions, used to deduplicate. Chosen in this order
 * (docs/SAST.md, "Fingerprint"): the tool's {@code fingerprints} (the entry with the smallest key),
 * else all of its {@code partialFingerprints} (sorted by key, joined), else a SHA-256 computed by
 * Holdfast over the rule id, the normalised path and the snippet or region.
 *
 * @param source where the value came from
 * @param value the identity, prefixed by the key(s) it came from so values of different kinds never
 *     collide
 */
public record Fingerprint(Source source, String value) {

  /** Where a fingerprint came from. */
  public enum Source {
    /** SARIF {@code result.fingerprints}, written by the tool. */
    FINGERPRINTS,
    /** SARIF {@code result.partialFingerprints}, written by the tool. */
    PARTIAL_FINGERPRINTS,
    /** Computed by Holdfast because the tool gave neither. */
    COMPUTED
  }

  private static final String COMPUTED_DOMAIN = "holdfast-sast-fingerprint-v1";

  public Fingerprint {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Chooses the fingerprint of a result by the documented precedence.
   *
   * @param fingerprints the result's {@code fingerprints}, empty when absent
   * @param partialFingerprints the result's {@code partialFingerprints}, empty when absent
   * @param ruleId the resolved rule id
   * @param uri the first location's artifact URI, empty when absent
   * @param anchor {@link #snippetAnchor} or {@link #regionAnchor} of the first location, or empty
   */
  public static Fingerprint choose(
      SortedMap<String, String> fingerprints,
      SortedMap<String, String> partialFingerprints,
      String ruleId,
      String uri,
      String anchor) {
    if (!fingerprints.isEmpty()) {
      String key = fingerprints.firstKey();
      return new Fingerprint(Source.FINGERPRINTS, key + "=" + fingerprints.get(key));
    }
    if (!partialFingerprints.isEmpty()) {
      String joined =
          partialFingerprints.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(","));
      return new Fingerprint(Source.PARTIAL_FINGERPRINTS, joined);
    }
    return computed(ruleId, uri, anchor);
  }

  /**
   * Holdfast's own fingerprint: {@code sha256:} and the hex SHA-256 of the UTF-8 lines {@code
   * holdfast-sast-fingerprint-v1}, the rule id, {@link #normalisePath the normalised path} and the
   * anchor, joined with {@code \n}.
   */
  public static Fingerprint computed(String ruleId, String uri, String anchor) {
    String input = String.join("\n", COMPUTED_DOMAIN, ruleId, normalisePath(uri), anchor);
    return new Fingerprint(Source.COMPUTED, "sha256:" + sha256Hex(input));
  }

  /** Anchor from a snippet: its text with every run of whitespace made one space, trimmed. */
  public static String snippetAnchor(String snippet) {
    return "snippet:" + snippet.strip().replaceAll("\\s+", " ");
  }

  /** Anchor from a region when there is no snippet: its start and end lines and columns. */
  public static String regionAnchor(int startLine, int startColumn, int endLine, int endColumn) {
    return "region:" + startLine + ":" + startColumn + "-" + endLine + ":" + endColumn;
  }

  /**
   * A path that does not depend on how the tool spelled it: {@code file://} or {@code file:} scheme
   * removed, backslashes made slashes, leading {@code ./} removed.
   */
  public static String normalisePath(String uri) {
    String path = uri;
    if (path.startsWith("file://")) {
      path = path.substring("file://".length());
    } else if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    path = path.replace('\\', '/');
    while (path.startsWith("./")) {
      path = path.substring(2);
    }
    return path;
  }

  private static String sha256Hex(String input) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
