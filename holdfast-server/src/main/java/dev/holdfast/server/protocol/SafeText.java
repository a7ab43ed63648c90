package dev.holdfast.server.protocol;

/** Text from the other side of the connection, made safe to put into a message or a log line. */
public final class SafeText {
  private SafeText() {}

  /** {@code text} cut to {@code max} characters, with control characters replaced by {@code ?}. */
  public static String printable(String text, int max) {
    if (text == null) {
      return "";
    }
    String cut = text.length() > max ? text.substring(0, max) + "…" : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
