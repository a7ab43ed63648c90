package dev.holdfast.sast.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.github.luben.zstd.ZstdOutputStream;
import dev.holdfast.sast.finding.Finding;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Stages the findings of a report being ingested, compressed, until the whole report has been read
 * and validated; {@link #finish} then lays out the report's plaintext: the header's length (4
 * bytes, big endian), the header as JSON, and the findings as one zstd frame of JSON objects
 * (docs/FORMAT.md, "Security reports"). Memory is the compressed size of the findings. Not
 * thread-safe; one writer per report.
 */
final class ReportWriter implements Consumer<Finding>, AutoCloseable {
  static final int COMPRESSION_LEVEL = 3;

  private final ByteArrayOutputStream compressed = new ByteArrayOutputStream();
  private final ZstdOutputStream zstd;
  private final JsonGenerator json;
  private long count;
  private boolean finished;

  ReportWriter(JsonFactory factory) {
    try {
      zstd = new ZstdOutputStream(compressed, COMPRESSION_LEVEL);
      json = factory.createGenerator(zstd);
      json.setRootValueSeparator(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void accept(Finding f) {
    try {
      ReportCodec.writeFinding(json, f);
      json.writeRaw('\n');
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("staging a finding: " + e.getMessage(), e);
    }
  }

  /** The findings staged so far. */
  long count() {
    return count;
  }

  /** Ends the findings and returns the plaintext of the report with {@code header} in front. */
  byte[] finish(ReportHeader header) {
    if (finished) {
      throw new IllegalStateException("report already finished");
    }
    finished = true;
    try {
      json.close();
      zstd.close();
      byte[] head = ReportCodec.encodeHeader(header);
      byte[] body = compressed.toByteArray();
      long total = 4L + head.length + body.length;
      if (total > ReportStore.MAX_PLAINTEXT) {
        throw new ReportTooLarge(header.source(), total);
      }
      ByteBuffer out = ByteBuffer.allocate((int) total);
      out.putInt(head.length).put(head).put(body);
      return out.array();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!finished) {
      finished = true;
      try {
        json.close();
        zstd.close();
      } catch (IOException e) {
        // nothing was kept; the staged bytes are dropped with this writer
      }
    }
  }
}
