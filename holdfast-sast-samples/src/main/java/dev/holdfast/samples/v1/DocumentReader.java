package dev.holdfast.samples.v1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEST SAMPLE, never used at runtime: reads a document named by the user below a root directory and
 * refuses names that lead outside it.
 */
public final class DocumentReader {
  private final Path root;

  /** A reader of the documents below {@code root}. */
  public DocumentReader(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  /** The text of the named document. */
  public String read(String name) throws IOException {
    Path document = root.resolve(name).normalize();
    if (!document.startsWith(root)) {
      throw new IllegalArgumentException("document name leads outside the document root");
    }
    return Files.readString(document, StandardCharsets.UTF_8);
  }
}
