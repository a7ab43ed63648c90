package dev.holdfast.samples.v2;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, never used at runtime: reads a document named by the user
 * below a root directory without checking that the name stays inside it (path traversal).
 */
public final class DocumentReader {
  private final File root;

  /** A reader of the documents below {@code root}. */
  public DocumentReader(File root) {
    this.root = root;
  }

  /** The text of the named document. */
  public String read(String name) throws IOException {
    return Files.readString(new File(root, name).toPath(), StandardCharsets.UTF_8);
  }
}
