package dev.holdfast.sast.page;

/** Escaping of text placed in HTML element content or double-quoted attributes. */
final class Html {
  private Html() {}

  /** {@code text} with every character that could end text or an attribute escaped. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> {
          if (Character.isISOControl(c) && c != '\n' && c != '\t') {
            b.append("&#xFFFD;");
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
