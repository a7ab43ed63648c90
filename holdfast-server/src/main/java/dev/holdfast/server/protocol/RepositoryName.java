package dev.holdfast.server.protocol;

import java.util.regex.Pattern;

/**
 * The name under which a server offers one repository, the first segment of every request path
 * ({@code https://host:port/NAME/...}): 1 to 63 lower-case letters, digits, {@code -} and {@code
 * _}, starting with a letter or digit. It is only ever a map key, never part of a file path.
 */
public record RepositoryName(String value) {
  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

  public RepositoryName {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "invalid repository name '"
              + SafeText.printable(value, 64)
              + "': use 1 to 63 lower-case letters, digits, - and _, starting with a letter or"
              + " digit");
    }
  }

  /** True when {@code text} is a valid repository name. */
  public static boolean isValid(String text) {
    return text != null && VALID.matcher(text).matches();
  }

  @Override
  public String toString() {
    return value;
  }
}
