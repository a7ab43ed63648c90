package dev.holdfast.server.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobFailures;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.server.protocol.BlobListing;
import dev.holdfast.server.protocol.ErrorBody;
import dev.holdfast.server.protocol.ErrorCode;
import dev.holdfast.server.protocol.Headers;
import dev.holdfast.server.protocol.Resource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A repository on a Holdfast repository server ({@code https://host:port/NAME}), reached over TLS
 * with this client's certificate (docs/SERVER.md). Every call is one HTTP request on a pooled
 * connection; uploads are sent from the caller's array without copying, downloads read straight
 * into the result.
 *
 * <p>Keeps the storage contract: put-if-absent is the server's (a PUT with {@code If-None-Match:
 * *}, answered 201 or 412); reads check every length, so a range beyond the end is {@link
 * CorruptObject} and a body cut short a transient {@link StorageUnavailable}, never a short result.
 * Like every backend it does not retry: failures say whether a retry can help, and the retry layer
 * of core decides. Thread-safe; views made by {@link #withRetention} share its connections.
 */
public final class RemoteBlobStore implements BlobStore {
  /**
   * Bodies from this size on ask to continue first ({@code Expect: 100-continue}), so that an
   * upload the server refuses (403, 412, 413) is answered before its body is sent.
   */
  private static final int EXPECT_CONTINUE_FROM = 1024 * 1024;

  /** Java arrays stop a few bytes short of {@code Integer.MAX_VALUE}. */
  private static final long MAX_WHOLE_READ = Integer.MAX_VALUE - 8;

  /** At most this much of an answer is read just to keep its connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");
  private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d{1,18})");
  private static final JsonFactory JSON = new JsonFactory();

  private final Shared shared;
  private final Optional<Retention> retention;

  /** What the views of one store share: the connection pool, where, how patient. */
  private static final class Shared {
    final HttpClient http;
    final RemoteStoreLocation location;
    final RemoteOptions options;
    final AtomicBoolean closed = new AtomicBoolean();

    Shared(HttpClient http, RemoteStoreLocation location, RemoteOptions options) {
      this.http = http;
      this.location = location;
      this.options = options;
    }
  }

  private RemoteBlobStore(Shared shared, Optional<Retention> retention) {
    this.shared = shared;
    this.retention = retention;
  }

  /**
   * A store for the repository at {@code location}, connecting with {@code tls} (this client's key
   * and certificate, and the CAs the server's certificate must chain to); opens no connection yet.
   */
  public static RemoteBlobStore open(
      RemoteStoreLocation location, SSLContext tls, RemoteOptions options) {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(options, "options");
    SSLParameters parameters = tls.getDefaultSSLParameters();
    parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls)
            .sslParameters(parameters)
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    return new RemoteBlobStore(new Shared(http, location, options), Optional.empty());
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Objects.requireNonNull(name, "name");
    Objects.checkFromIndexSize(offset, length, data.length);
    boolean askFirst = length >= EXPECT_CONTINUE_FROM;
    HttpRequest.Builder request =
        request(blob(name), length)
            .header("If-None-Match", "*")
            .header("Content-Type", Headers.OCTETS)
            .expectContinue(askFirst)
            .PUT(BodyPublishers.ofByteArray(data, offset, length));
    if (retention.isPresent() && Retention.appliesTo(name.kind())) {
      Retention r = retention.get();
      request.header(Headers.RETENTION, r.mode().label() + " " + r.period());
    }
    String context = context("storing", name);
    return exchange(
        context,
        request.build(),
        (response, body) -> {
          int status = response.statusCode();
          if (status == 201) {
            return true;
          }
          if (status == 412) {
            return false; // the name exists: its bytes stay as they are
          }
          throw failure(context, response, body);
        });
  }

  @Override
  public byte[] get(BlobName name) {
    return read(name, MAX_WHOLE_READ, false);
  }

  /** One request: the size is checked from the answer's length before the body is read. */
  @Override
  public byte[] get(BlobName name, long maxBytes) {
    return read(name, Math.min(maxBytes, MAX_WHOLE_READ), maxBytes < MAX_WHOLE_READ);
  }

  private byte[] read(BlobName name, long maxBytes, boolean largerIsCorrupt) {
    Objects.requireNonNull(name, "name");
    String context = context("reading", name);
    return exchange(
        context,
        request(blob(name), 0).build(),
        (response, body) -> {
          if (response.statusCode() != 200) {
            throw failure(context, response, body, name);
          }
          long size = length(context, response);
          if (size > maxBytes) {
            if (largerIsCorrupt) {
              throw new CorruptObject(
                  name
                      + " has "
                      + size
                      + " bytes, more than such an object can have ("
                      + maxBytes
                      + ")");
            }
            throw new StorageUnavailable(
                context + size + " bytes is too large to read at once", true, null);
          }
          return readFully(context, body, (int) size);
        });
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    Objects.requireNonNull(name, "name");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    if (length == 0 || offset > Long.MAX_VALUE - length) {
      // No HTTP range names zero bytes (and none reaches past 2^63): the size answers.
      long size = stat(name).orElseThrow(() -> noSuchBlob(name)).size();
      if (offset > size - length) {
        throw beyondEnd(name, offset, length, size);
      }
      return new byte[0];
    }
    long last = offset + length - 1;
    String context = context("reading " + length + " bytes at " + offset + " of", name);
    HttpRequest request =
        request(blob(name), 0).header("Range", "bytes=" + offset + "-" + last).build();
    return exchange(
        context, request, (response, body) -> range(context, name, offset, length, response, body));
  }

  /** The bytes of a ranged answer, checked against the range asked for. */
  private byte[] range(
      String context,
      BlobName name,
      long offset,
      int length,
      HttpResponse<InputStream> response,
      InputStream body)
      throws IOException {
    long last = offset + length - 1;
    int status = response.statusCode();
    if (status == 416) {
      String header = response.headers().firstValue("Content-Range").orElse("");
      Matcher unsatisfied = UNSATISFIED_RANGE.matcher(header);
      if (unsatisfied.matches()) {
        throw beyondEnd(name, offset, length, Long.parseLong(unsatisfied.group(1)));
      }
    }
    if (status != 206) {
      throw failure(context, response, body, name);
    }
    String header = response.headers().firstValue("Content-Range").orElse("");
    Matcher range = CONTENT_RANGE.matcher(header);
    if (!range.matches()) {
      throw new StorageUnavailable(
          context + "the server sent a malformed Content-Range '" + header + "'", false, null);
    }
    long size = Long.parseLong(range.group(3));
    if (size < offset + length) {
      throw beyondEnd(name, offset, length, size);
    }
    if (Long.parseLong(range.group(1)) != offset || Long.parseLong(range.group(2)) != last) {
      throw new StorageUnavailable(
          context + "the server sent " + header + " instead of bytes " + offset + "-" + last,
          false,
          null);
    }
    return readFully(context, body, length);
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    Objects.requireNonNull(name, "name");
    String context = context("checking", name);
    HttpRequest request = request(blob(name), 0).method("HEAD", BodyPublishers.noBody()).build();
    return exchange(context, request, (response, body) -> info(context, name, response, body));
  }

  /** The size and storage time in a HEAD answer; empty when the blob does not exist. */
  private Optional<BlobInfo> info(
      String context, BlobName name, HttpResponse<InputStream> response, InputStream body)
      throws IOException {
    if (response.statusCode() == 404 && errorCode(response) != ErrorCode.NO_SUCH_REPOSITORY) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw failure(context, response, body);
    }
    Optional<Instant> modified = Optional.empty();
    Optional<String> stamp = response.headers().firstValue(Headers.MODIFIED);
    if (stamp.isPresent()) {
      try {
        modified = Optional.of(Instant.parse(stamp.get()));
      } catch (DateTimeParseException e) {
        throw new StorageUnavailable(
            context + "the server sent a malformed " + Headers.MODIFIED, true, e);
      }
    }
    return Optional.of(new BlobInfo(name, length(context, response), modified));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind == BlobKind.CONFIG) {
      return stat(BlobName.CONFIG).map(List::of).orElse(List.of());
    }
    String context = "listing " + kind.folder() + " in " + location() + ": ";
    HttpRequest request =
        request(new Resource.Listing(shared.location.repository(), kind), 0).build();
    return exchange(
        context,
        request,
        (response, body) -> {
          if (response.statusCode() != 200) {
            throw failure(context, response, body);
          }
          try {
            return BlobListing.read(body, kind);
          } catch (BlobListing.MalformedListing e) {
            throw new StorageUnavailable(
                context + "the server sent a malformed listing: " + e.getMessage(), true, e);
          }
        });
  }

  @Override
  public void delete(BlobName name) {
    Objects.requireNonNull(name, "name");
    String context = context("deleting", name);
    exchange(
        context,
        request(blob(name), 0).DELETE().build(),
        (response, body) -> {
          if (response.statusCode() != 204 && response.statusCode() != 200) {
            throw failure(context, response, body);
          }
          return null;
        });
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    Objects.requireNonNull(name, "name");
    String context = context("reading the retention of", name);
    HttpRequest request =
        request(new Resource.Retention(shared.location.repository(), name), 0).build();
    return exchange(
        context,
        request,
        (response, body) -> {
          if (response.statusCode() != 200) {
            throw failure(context, response, body);
          }
          return retainedUntil(context, body);
        });
  }

  private static Optional<Instant> retainedUntil(String context, InputStream body)
      throws IOException {
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() == JsonToken.START_OBJECT) {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          JsonToken value = json.nextToken();
          if (field.equals("retainedUntil") && value == JsonToken.VALUE_NULL) {
            return Optional.empty();
          }
          if (field.equals("retainedUntil") && value == JsonToken.VALUE_STRING) {
            return Optional.of(Instant.parse(json.getText()));
          }
          json.skipChildren();
        }
      }
    } catch (DateTimeParseException e) {
      throw new StorageUnavailable(context + "the server sent a malformed date", true, e);
    }
    throw new StorageUnavailable(context + "the server's answer has no retainedUntil", true, null);
  }

  /**
   * A view storing data blobs under object lock, when the server's storage has it (its description
   * says so); the server applies the retention sent with each upload.
   */
  @Override
  public BlobStore withRetention(Retention newRetention) {
    Objects.requireNonNull(newRetention, "retention");
    if (!describe().objectLock()) {
      throw new UsageError(
          "object lock needs S3 storage with object lock enabled; the storage behind "
              + location()
              + " cannot keep blobs immutable");
    }
    return new RemoteBlobStore(shared, Optional.of(newRetention));
  }

  /** What the server says about the repository: its optional features and limits. */
  public RepositoryDescription describe() {
    String context = "asking " + location() + " about the repository: ";
    HttpRequest request =
        request(new Resource.Description(shared.location.repository()), 0).build();
    return exchange(
        context,
        request,
        (response, body) -> {
          if (response.statusCode() != 200) {
            throw failure(context, response, body);
          }
          return RepositoryDescription.parse(body);
        });
  }

  @Override
  public String location() {
    return shared.location.toString();
  }

  /**
   * Closes this store and every view of it: later calls fail. (Java 17's HTTP client has no close;
   * its idle connections end when the server's idle timeout closes them.)
   */
  @Override
  public void close() {
    shared.closed.set(true);
  }

  /** Reads one answer: its status, headers and body. */
  @FunctionalInterface
  private interface AnswerReader<T> {
    T read(HttpResponse<InputStream> response, InputStream body) throws IOException;
  }

  /**
   * Sends {@code request} and reads its answer with {@code reader}; a connection that fails on the
   * way is a failure saying whether a retry can help. The body is read to its end afterwards (see
   * {@link #drainedOnClose}), except after asking to continue first: Java 17's client hangs reading
   * the body of a final answer that came instead of "100 Continue" (JDK-8286171), so such an answer
   * is told by its status and headers alone.
   */
  private <T> T exchange(String context, HttpRequest request, AnswerReader<T> reader) {
    HttpResponse<InputStream> response = send(context, request);
    boolean askedFirst = request.expectContinue();
    try (InputStream body = askedFirst ? response.body() : drainedOnClose(response.body())) {
      return reader.read(response, body);
    } catch (IOException e) {
      throw RemoteFailures.unanswered(context, shared.location, e);
    }
  }

  private Resource blob(BlobName name) {
    return new Resource.Blob(shared.location.repository(), name);
  }

  private HttpRequest.Builder request(Resource resource, long bodyBytes) {
    return HttpRequest.newBuilder(shared.location.resolve(resource.path()))
        .timeout(shared.options.timeoutFor(bodyBytes));
  }

  private HttpResponse<InputStream> send(String context, HttpRequest request) {
    if (shared.closed.get()) {
      throw new IllegalStateException(context + "the store is closed");
    }
    try {
      return shared.http.send(request, BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw RemoteFailures.unanswered(context, shared.location, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageUnavailable(context + "interrupted", true, e);
    }
  }

  private String context(String doing, BlobName name) {
    return doing + " " + name + " in " + location() + ": ";
  }

  /** The failure an unexpected answer stands for; 404 for a blob is {@link NoSuchBlob}. */
  private HoldfastException failure(
      String context, HttpResponse<InputStream> response, InputStream body, BlobName name)
      throws IOException {
    if (response.statusCode() == 404 && errorCode(response) != ErrorCode.NO_SUCH_REPOSITORY) {
      return noSuchBlob(name);
    }
    return failure(context, response, body);
  }

  private HoldfastException failure(
      String context, HttpResponse<InputStream> response, InputStream body) throws IOException {
    ErrorCode code = errorCode(response);
    ErrorBody error =
        response.request().method().equals("HEAD") || response.request().expectContinue()
            ? new ErrorBody(code, response.headers().firstValue(Headers.ERROR_MESSAGE).orElse(""))
            : ErrorBody.parse(body.readNBytes(ErrorBody.MAX_BYTES), code);
    return RemoteFailures.answered(context, shared.location, response.statusCode(), error);
  }

  private static ErrorCode errorCode(HttpResponse<?> response) {
    return response.headers().firstValue(Headers.ERROR).map(ErrorCode::fromLabel).orElse(null);
  }

  private NoSuchBlob noSuchBlob(BlobName name) {
    return BlobFailures.missing(name, location());
  }

  private CorruptObject beyondEnd(BlobName name, long offset, int length, long size) {
    return BlobFailures.beyondEnd(name, offset, length, size, location());
  }

  private static long length(String context, HttpResponse<?> response) {
    OptionalLong length = response.headers().firstValueAsLong("Content-Length");
    if (length.isEmpty() || length.getAsLong() < 0) {
      throw new StorageUnavailable(context + "the server's answer has no length", false, null);
    }
    return length.getAsLong();
  }

  /**
   * {@code body}, which on close first reads what is left of it (up to {@link #DRAIN_LIMIT} bytes):
   * a connection whose answer was read to its end goes back to the pool, where one closed early is
   * torn down (and the server sees its answer cut off).
   */
  private static InputStream drainedOnClose(InputStream body) {
    return new FilterInputStream(body) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          long left = DRAIN_LIMIT;
          for (long skipped = in.skip(left); skipped > 0 && left > 0; skipped = in.skip(left)) {
            left -= skipped;
          }
        } finally {
          in.close();
        }
      }
    };
  }

  /** Exactly {@code length} bytes of the body; a body cut short is a transient failure. */
  private static byte[] readFully(String context, InputStream body, int length) throws IOException {
    byte[] data = new byte[length];
    int read = body.readNBytes(data, 0, length);
    if (read < length) {
      throw new StorageUnavailable(
          context
              + "the server sent "
              + read
              + " of "
              + length
              + " bytes before the connection ended",
          false,
          null);
    }
    return data;
  }
}
