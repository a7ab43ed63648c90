package dev.holdfast.sast.sarif;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.sast.finding.Finding;
import dev.holdfast.sast.finding.SeverityPolicy;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads SARIF 2.1.0 reports (any number of runs and tools) in bounded memory and hands each result
 * to a consumer as a normalised {@link Finding}. Invalid reports fail with an {@link InvalidSarif}
 * subclass that says what is wrong and where. What a caller may rely on when a read fails is in
 * docs/SAST.md, "Validation": {@link #read(Path, Consumer)} emits nothing for an invalid file;
 * {@link #read(InputStream, String, Consumer)} may already have emitted findings, so its caller
 * commits them only when it returns. A reader is immutable and can be shared between threads.
 */
public final class SarifReader {
  /** Reports over 1 GiB are refused unless a caller asks for more. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  private final SeverityPolicy policy;
  private final long maxBytes;
  private final ObjectMapper mapper = new ObjectMapper(new JsonFactory());

  /**
   * @param policy how SARIF levels map to severities when a rule has no security-severity
   * @param maxBytes the largest report accepted, in bytes
   */
  public SarifReader(SeverityPolicy policy, long maxBytes) {
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /** GitHub's severity table and a limit of {@link #DEFAULT_MAX_BYTES}. */
  public static SarifReader withDefaults() {
    return new SarifReader(SeverityPolicy.github(), DEFAULT_MAX_BYTES);
  }

  /**
   * Reads a report file in two passes: the first validates the whole file and emits nothing, the
   * second emits its findings, so an invalid file emits none. The file must not change between the
   * passes (Holdfast reads files the user handed it, such as a CI artifact).
   *
   * @return what the report held
   * @throws InvalidSarif if the file is not a valid report; nothing has been emitted
   * @throws UncheckedIOException if the file cannot be read
   */
  public SarifSummary read(Path file, Consumer<? super Finding> sink) {
    String source = file.toString();
    try {
      if (Files.size(file) > maxBytes) {
        throw new SarifTooLarge(source, maxBytes);
      }
      readOnce(file, source, finding -> {});
      return readOnce(file, source, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("reading SARIF report " + source + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a report from a stream in one pass (stdin of a CI step), emitting findings as it goes.
   * Results are emitted only once their run's {@code tool} validated, but a fault later in the
   * stream (malformed JSON, a wrong {@code version} written after {@code runs}, the size limit) is
   * found only when reached, so findings may have been emitted before the exception: the caller
   * must stage them and keep them only if this method returns. The stream is not closed.
   *
   * @param source the name to use in messages, such as the file name or "stdin"
   * @return what the report held
   * @throws InvalidSarif if the stream is not a valid report
   * @throws UncheckedIOException if the stream fails
   */
  public SarifSummary read(InputStream in, String source, Consumer<? super Finding> sink) {
    try {
      return parse(new LimitedInputStream(in, maxBytes, source), source, sink);
    } catch (IOException e) {
      throw new UncheckedIOException("reading SARIF report " + source + ": " + e.getMessage(), e);
    }
  }

  private SarifSummary readOnce(Path file, String source, Consumer<? super Finding> sink)
      throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return parse(new LimitedInputStream(in, maxBytes, source), source, sink);
    }
  }

  private SarifSummary parse(InputStream in, String source, Consumer<? super Finding> sink)
      throws IOException {
    try (JsonParser parser =
        mapper.getFactory().createParser(in).disable(JsonParser.Feature.AUTO_CLOSE_SOURCE)) {
      return new ReportParser(parser, mapper, source, new ResultNormaliser(policy, source), sink)
          .parse();
    } catch (JsonProcessingException e) {
      JsonLocation where = e.getLocation();
      throw new MalformedSarif(
          source,
          where == null ? 0 : where.getLineNr(),
          where == null ? 0 : where.getColumnNr(),
          e.getOriginalMessage(),
          e);
    }
  }
}
