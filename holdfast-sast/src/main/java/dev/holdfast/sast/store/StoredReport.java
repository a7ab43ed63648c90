package dev.holdfast.sast.store;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.sast.finding.Finding;
import java.io.IOException;
import java.util.function.Consumer;

/** A report read from the repository: its header, and its findings decoded on demand. */
public final class StoredReport {
  private final ReportHeader header;
  private final byte[] plaintext;

  StoredReport(ReportHeader header, byte[] plaintext) {
    this.header = header;
    this.plaintext = plaintext;
  }

  /** The decrypted bytes as stored, for copying to another repository. */
  byte[] plaintext() {
    return plaintext;
  }

  public ReportHeader header() {
    return header;
  }

  /**
   * Hands every finding to {@code sink} in report order.
   *
   * @throws CorruptObject when the findings cannot be decoded
   */
  public void forEachFinding(Consumer<? super Finding> sink) {
    try {
      ReportCodec.decodeFindings(plaintext, sink);
    } catch (IOException | IllegalArgumentException e) {
      throw new CorruptObject(
          "security report " + header.id() + " has malformed findings: " + e.getMessage());
    }
  }
}
