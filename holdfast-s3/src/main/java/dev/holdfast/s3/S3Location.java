package dev.holdfast.s3;

import dev.holdfast.core.UsageError;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a repository lives in S3-compatible storage: an optional endpoint (absent for AWS), a
 * bucket, and a key prefix under which the repository's blobs are stored (empty for the bucket's
 * root). Parsed from {@code s3:https://host[:port]/bucket/prefix}, {@code s3:http://...} or {@code
 * s3:bucket/prefix}; every other form is refused with a {@link UsageError}, and credentials in the
 * URL are refused without being echoed.
 *
 * @param endpoint {@code https://host[:port]} or {@code http://host[:port]}, or empty for AWS
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing {@code /}, or empty
 */
public record S3Location(Optional<URI> endpoint, String bucket, String prefix) {
  /** What every S3 location starts with. */
  public static final String SCHEME = "s3:";

  /** S3's bucket naming rules (3-63 lower-case letters, digits, dots and hyphens). */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*");

  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]+]");

  /** Characters a prefix segment may hold: what S3 calls safe, plus a few common ones. */
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9!_.*'()=+,-]+");

  public S3Location {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
  }

  /** True when {@code text} names S3 storage (starts with {@code s3:}). */
  public static boolean isS3(String text) {
    return text != null && text.startsWith(SCHEME);
  }

  /**
   * Parses a repository location.
   *
   * @throws UsageError naming what is wrong, for any malformed form
   */
  public static S3Location parse(String text) {
    if (!isS3(text)) {
      throw new UsageError("not an S3 location (it must start with s3:): " + text);
    }
    String rest = text.substring(SCHEME.length());
    if (rest.contains("@")) {
      // Said before anything else, and without the text: it may hold a secret.
      throw new UsageError(
          "an S3 location must not contain credentials (user:password@ or @); give them in"
              + " HOLDFAST_S3_ACCESS_KEY_ID and HOLDFAST_S3_SECRET_ACCESS_KEY instead");
    }
    if (rest.contains("?") || rest.contains("#")) {
      throw new UsageError(
          "S3 location " + text + ": query strings and fragments (? and #) are not allowed");
    }
    if (rest.contains("\\") || rest.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
      throw new UsageError(
          "S3 location " + text + ": spaces, control characters and backslashes are not allowed");
    }
    String lower = rest.toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return parseWithEndpoint(text, rest);
    }
    if (rest.contains("://")) {
      throw new UsageError("S3 location " + text + ": the endpoint must be http:// or https://");
    }
    return bucketAndPrefix(text, Optional.empty(), rest);
  }

  private static S3Location parseWithEndpoint(String text, String rest) {
    int schemeEnd = rest.indexOf("://");
    String scheme = rest.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    String afterScheme = rest.substring(schemeEnd + 3);
    int slash = afterScheme.indexOf('/');
    String authority = slash < 0 ? afterScheme : afterScheme.substring(0, slash);
    String path = slash < 0 ? "" : afterScheme.substring(slash + 1);
    String host;
    String portText = null;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = close < 0 ? authority : authority.substring(0, close + 1);
      String after = close < 0 ? "" : authority.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new UsageError("S3 location " + text + ": malformed host " + authority);
        }
        portText = after.substring(1);
      }
      if (!IPV6.matcher(host).matches()) {
        throw new UsageError("S3 location " + text + ": malformed IPv6 address " + host);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
      if (host.isEmpty()) {
        throw new UsageError("S3 location " + text + ": the endpoint has no host");
      }
      if (!HOST.matcher(host).matches()) {
        throw new UsageError("S3 location " + text + ": malformed host name " + host);
      }
    }
    int port = portText == null ? -1 : port(text, portText);
    URI endpoint =
        URI.create(scheme + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 ? "" : ":" + port));
    return bucketAndPrefix(text, Optional.of(endpoint), path);
  }

  private static int port(String text, String portText) {
    if (portText.isEmpty()
        || portText.length() > 5
        || !portText.chars().allMatch(Character::isDigit)) {
      throw new UsageError("S3 location " + text + ": bad port '" + portText + "'");
    }
    int port = Integer.parseInt(portText);
    if (port < 1 || port > 65535) {
      throw new UsageError("S3 location " + text + ": port " + port + " is not 1..65535");
    }
    return port;
  }

  private static S3Location bucketAndPrefix(String text, Optional<URI> endpoint, String path) {
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    if (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (bucket.isEmpty()) {
      throw new UsageError("S3 location " + text + ": the bucket name is missing");
    }
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new UsageError(
          "S3 location "
              + text
              + ": '"
              + bucket
              + "' is not a valid bucket name (3 to 63 lower-case letters, digits, dots and"
              + " hyphens, starting and ending with a letter or digit)");
    }
    if (!prefix.isEmpty()) {
      for (String segment : prefix.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          throw new UsageError(
              "S3 location "
                  + text
                  + ": the prefix must not have empty, '.' or '..' parts: "
                  + prefix);
        }
        if (!SEGMENT.matcher(segment).matches()) {
          throw new UsageError(
              "S3 location "
                  + text
                  + ": the prefix may hold only letters, digits and ! _ . * ' ( ) = + , - : "
                  + prefix);
        }
      }
    }
    return new S3Location(endpoint, bucket, prefix);
  }

  /** True for a plain-HTTP endpoint, which sends credentials' signatures and data unencrypted. */
  public boolean insecure() {
    return endpoint.map(e -> e.getScheme().equals("http")).orElse(false);
  }

  /** The object key of {@code path} (relative to the repository root). */
  public String key(String path) {
    return prefix.isEmpty() ? path : prefix + "/" + path;
  }

  /** The key prefix of everything in the repository: empty, or the prefix and a slash. */
  public String rootKey() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  /** The location as the user writes it; it never holds credentials. */
  @Override
  public String toString() {
    return SCHEME
        + endpoint.map(e -> e + "/").orElse("")
        + bucket
        + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
