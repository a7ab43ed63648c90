package dev.holdfast.server.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.HoldfastException;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.concurrent.DaemonThreads;
import dev.holdfast.core.storage.BlobFailures;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.RangeStream;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.server.protocol.BlobListing;
import dev.holdfast.server.protocol.ErrorBody;
import dev.holdfast.server.protocol.ErrorCode;
import dev.holdfast.server.protocol.Headers;
import dev.holdfast.server.protocol.Resource;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A repository on a Holdfast repository server ({@code https://host:port/NAME}), reached over TLS
 * with this client's certificate (docs/SERVER.md). Every call is one HTTP/1.1 request on a
 * kept-alive connection, made on the calling thread with the JDK's blocking {@link
 * HttpsURLConnection}: uploads are written from the caller's array without copying, downloads read
 * straight into the result (or, for {@link #openRange}, streamed to the reader as they arrive), and
 * a new connection resumes the TLS session of an earlier one. (java.net.http's client hands every
 * buffer between its selector, worker and caller threads, and brings many more classes for a
 * short-lived command to load and compile: through it, backups and restores cost about a second
 * more CPU; holdfast-bench/README.md, "compare-serve.sh".)
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

  /** How long the {@link RefusalProbe} waits for a refusal after a broken connection. */
  private static final Duration PROBE_PATIENCE = Duration.ofSeconds(2);

  /** At most this much of an answer is read just to keep its connection. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  private static final Pattern CONTENT_RANGE =
      Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18})");
  private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d{1,18})");
  private static final JsonFactory JSON = new JsonFactory();

  private final Shared shared;
  private final Optional<Retention> retention;

  /**
   * What the views of one store share: the sockets (and so the connections), where, how patient.
   */
  private static final class Shared {
    final TlsSockets sockets;
    final RemoteStoreLocation location;
    final RemoteOptions options;
    final AtomicBoolean closed = new AtomicBoolean();

    Shared(TlsSockets sockets, RemoteStoreLocation location, RemoteOptions options) {
      this.sockets = sockets;
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
    return new RemoteBlobStore(
        new Shared(new TlsSockets(tls), location, options), Optional.empty());
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Objects.requireNonNull(name, "name");
    Objects.checkFromIndexSize(offset, length, data.length);
    Request request =
        new Request("PUT", blob(name))
            .header("If-None-Match", "*")
            .header("Content-Type", Headers.OCTETS)
            .body(data, offset, length);
    if (retention.isPresent() && Retention.appliesTo(name.kind())) {
      Retention r = retention.get();
      request.header(Headers.RETENTION, r.mode().label() + " " + r.period());
    }
    String context = context("storing", name);
    return exchange(
        context,
        request,
        answer -> {
          int status = answer.status();
          if (status == 201) {
            return true;
          }
          if (status == 412) {
            return false; // the name exists: its bytes stay as they are
          }
          throw failure(context, answer);
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
        new Request("GET", blob(name)),
        answer -> {
          if (answer.status() != 200) {
            throw failure(context, answer, name);
          }
          long size = length(context, answer);
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
          return readFully(context, answer.body(), (int) size);
        });
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    return ranged(
        name,
        offset,
        length,
        new byte[0],
        this::exchange,
        (context, answer) -> readFully(context, answer.body(), length));
  }

  /**
   * One request whose body is read as it arrives: the stream holds the connection until its last
   * byte (then leaves it for the next request) or until it is closed early (then drops it rather
   * than read the rest).
   */
  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    return ranged(
        name,
        offset,
        length,
        InputStream.nullInputStream(),
        this::open,
        (context, answer) -> new RangeBody(context, answer, length, shared.closed));
  }

  /**
   * A ranged read: {@code nothing} for an empty range, else one GET of the range sent by {@code
   * sender}, whose answer is checked against the range before {@code body} takes its body.
   */
  private <T> T ranged(
      BlobName name, long offset, long length, T nothing, Sender<T> sender, BodyReader<T> body) {
    if (readsNothing(name, offset, length)) {
      return nothing;
    }
    String context = context("reading " + length + " bytes at " + offset + " of", name);
    long last = offset + length - 1;
    Request request =
        new Request("GET", blob(name)).header("Range", "bytes=" + offset + "-" + last);
    return sender.send(
        context,
        request,
        answer -> {
          checkRange(context, name, offset, length, answer);
          return body.read(context, answer);
        });
  }

  @Override
  public boolean streamsRanges() {
    return true;
  }

  /**
   * Checks a range's arguments, and whether it is empty: no HTTP range names zero bytes (and none
   * reaches past 2^63), so the blob's size answers those, failing for a missing blob or a range
   * past its end.
   */
  private boolean readsNothing(BlobName name, long offset, long length) {
    Objects.requireNonNull(name, "name");
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    if (length > 0 && offset <= Long.MAX_VALUE - length) {
      return false;
    }
    long size = stat(name).orElseThrow(() -> noSuchBlob(name)).size();
    if (offset > size - length) {
      throw beyondEnd(name, offset, length, size);
    }
    return true;
  }

  /** Checks that a ranged answer carries exactly the range asked for, before its body is read. */
  private void checkRange(String context, BlobName name, long offset, long length, Answer answer)
      throws IOException {
    long last = offset + length - 1;
    int status = answer.status();
    if (status == 416) {
      String header = answer.header("Content-Range").orElse("");
      Matcher unsatisfied = UNSATISFIED_RANGE.matcher(header);
      if (unsatisfied.matches()) {
        throw beyondEnd(name, offset, length, Long.parseLong(unsatisfied.group(1)));
      }
    }
    if (status != 206) {
      throw failure(context, answer, name);
    }
    String header = answer.header("Content-Range").orElse("");
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
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    Objects.requireNonNull(name, "name");
    String context = context("checking", name);
    return exchange(
        context, new Request("HEAD", blob(name)), answer -> info(context, name, answer));
  }

  /** The size and storage time in a HEAD answer; empty when the blob does not exist. */
  private Optional<BlobInfo> info(String context, BlobName name, Answer answer) throws IOException {
    if (answer.status() == 404 && errorCode(answer) != ErrorCode.NO_SUCH_REPOSITORY) {
      return Optional.empty();
    }
    if (answer.status() != 200) {
      throw failure(context, answer);
    }
    Optional<Instant> modified = Optional.empty();
    Optional<String> stamp = answer.header(Headers.MODIFIED);
    if (stamp.isPresent()) {
      try {
        modified = Optional.of(Instant.parse(stamp.get()));
      } catch (DateTimeParseException e) {
        throw new StorageUnavailable(
            context + "the server sent a malformed " + Headers.MODIFIED, true, e);
      }
    }
    return Optional.of(new BlobInfo(name, length(context, answer), modified));
  }

  @Override
  public List<BlobInfo> list(BlobKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind == BlobKind.CONFIG) {
      return stat(BlobName.CONFIG).map(List::of).orElse(List.of());
    }
    String context = "listing " + kind.folder() + " in " + location() + ": ";
    return exchange(
        context,
        new Request("GET", new Resource.Listing(shared.location.repository(), kind)),
        answer -> {
          if (answer.status() != 200) {
            throw failure(context, answer);
          }
          try {
            return BlobListing.read(answer.body(), kind);
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
        new Request("DELETE", blob(name)),
        answer -> {
          if (answer.status() != 204 && answer.status() != 200) {
            throw failure(context, answer);
          }
          return null;
        });
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    Objects.requireNonNull(name, "name");
    String context = context("reading the retention of", name);
    return exchange(
        context,
        new Request("GET", new Resource.Retention(shared.location.repository(), name)),
        answer -> {
          if (answer.status() != 200) {
            throw failure(context, answer);
          }
          return retainedUntil(context, answer.body());
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
    return exchange(
        context,
        new Request("GET", new Resource.Description(shared.location.repository())),
        answer -> {
          if (answer.status() != 200) {
            throw failure(context, answer);
          }
          return RepositoryDescription.parse(answer.body());
        });
  }

  @Override
  public String location() {
    return shared.location.toString();
  }

  /**
   * Closes this store and every view of it: later calls fail. (Idle connections stay in the JDK's
   * keep-alive cache for a few seconds, or until the server's idle timeout closes them.)
   */
  @Override
  public void close() {
    shared.closed.set(true);
  }

  /** Reads one answer: its status, headers and body. */
  @FunctionalInterface
  private interface AnswerReader<T> {
    T read(Answer answer) throws IOException;
  }

  /** Sends a request and reads its answer: {@link #exchange} or {@link #open}. */
  @FunctionalInterface
  private interface Sender<T> {
    T send(String context, Request request, AnswerReader<T> reader);
  }

  /** Takes the body of an answer already checked, for the operation {@code context} names. */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(String context, Answer answer) throws IOException;
  }

  /**
   * Sends {@code request} and reads its answer with {@code reader}; a connection that fails on the
   * way is a failure saying whether a retry can help, and is not used again. An answer read to its
   * end (or drained, see {@link #drainedOnClose}) leaves its connection for the next request.
   */
  private <T> T exchange(String context, Request request, AnswerReader<T> reader) {
    Answer answer = new Answer(request, shared);
    try {
      return send(context, answer, reader);
    } finally {
      answer.close();
    }
  }

  /**
   * Sends {@code request} and hands its answer, still open, to {@code opener}, whose result then
   * owns it (and closes or drops it); failures as in {@link #exchange}. When {@code opener} fails,
   * the answer is closed here.
   */
  private <T> T open(String context, Request request, AnswerReader<T> opener) {
    Answer answer = new Answer(request, shared);
    boolean handedOver = false;
    try {
      T result = send(context, answer, opener);
      handedOver = true;
      return result;
    } finally {
      if (!handedOver) {
        answer.close();
      }
    }
  }

  /** Sends the request of {@code answer} and reads it with {@code reader}; leaves it open. */
  private <T> T send(String context, Answer answer, AnswerReader<T> reader) {
    if (shared.closed.get()) {
      throw new IllegalStateException(context + "the store is closed");
    }
    try {
      answer.send();
      return reader.read(answer);
    } catch (IOException e) {
      answer.drop();
      if (answer.cut) {
        throw new StorageUnavailable(context + "the server did not answer in time", false, e);
      }
      if (mayBeRefusal(e)) {
        Optional<RefusalProbe.Refusal> refusal =
            RefusalProbe.refusal(shared.sockets, shared.location, PROBE_PATIENCE);
        if (refusal.isPresent()) {
          if (refusal.get().cause() != null) {
            e.addSuppressed(refusal.get().cause());
          }
          throw RemoteFailures.refused(context, refusal.get().how(), e);
        }
      }
      throw RemoteFailures.unanswered(context, shared.location, e, answer.connecting);
    }
  }

  /**
   * Whether a connection that broke may have been the server refusing this client's certificate
   * (see {@link RefusalProbe}): the server was reached, did not just time out, and the failure does
   * not say already what went wrong with the certificates (a refusal alert, or the server's
   * certificate failing this client's checks).
   */
  private static boolean mayBeRefusal(IOException e) {
    if (RemoteFailures.refusalAlert(e) != null) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof CertificateException
          || t instanceof CertPathValidatorException) {
        return false;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return true;
  }

  private Resource blob(BlobName name) {
    return new Resource.Blob(shared.location.repository(), name);
  }

  private String context(String doing, BlobName name) {
    return doing + " " + name + " in " + location() + ": ";
  }

  /** The failure an unexpected answer stands for; 404 for a blob is {@link NoSuchBlob}. */
  private HoldfastException failure(String context, Answer answer, BlobName name)
      throws IOException {
    if (answer.status() == 404 && errorCode(answer) != ErrorCode.NO_SUCH_REPOSITORY) {
      return noSuchBlob(name);
    }
    return failure(context, answer);
  }

  private HoldfastException failure(String context, Answer answer) throws IOException {
    ErrorCode code = errorCode(answer);
    ErrorBody error =
        answer.bodyless()
            ? new ErrorBody(code, answer.header(Headers.ERROR_MESSAGE).orElse(""))
            : ErrorBody.parse(answer.body().readNBytes(ErrorBody.MAX_BYTES), code);
    return RemoteFailures.answered(context, shared.location, answer.status(), error);
  }

  private static ErrorCode errorCode(Answer answer) {
    return answer.header(Headers.ERROR).map(ErrorCode::fromLabel).orElse(null);
  }

  private NoSuchBlob noSuchBlob(BlobName name) {
    return BlobFailures.missing(name, location());
  }

  private CorruptObject beyondEnd(BlobName name, long offset, long length, long size) {
    return BlobFailures.beyondEnd(name, offset, length, size, location());
  }

  private static long length(String context, Answer answer) {
    OptionalLong length = answer.length();
    if (length.isEmpty() || length.getAsLong() < 0) {
      throw new StorageUnavailable(context + "the server's answer has no length", false, null);
    }
    return length.getAsLong();
  }

  /**
   * {@code body}, which on close first reads what is left of it (up to {@link #DRAIN_LIMIT} bytes):
   * a connection whose answer was read to its end goes back to the keep-alive cache, where one
   * closed early is torn down (and the server sees its answer cut off).
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
      throw RemoteFailures.cutShort(context, read, length, null);
    }
    return data;
  }

  /**
   * The body of a ranged answer held to its range ({@link RangeStream}): kept for the next request
   * after its last byte, dropped when closed early or cut short; reads fail once the store is
   * closed.
   */
  private static final class RangeBody extends RangeStream {
    private final String context;
    private final Answer answer;
    private final AtomicBoolean storeClosed;

    RangeBody(String context, Answer answer, long length, AtomicBoolean storeClosed) {
      super(length);
      this.context = context;
      this.answer = answer;
      this.storeClosed = storeClosed;
    }

    @Override
    protected int readBody(byte[] into, int offset, int count) throws IOException {
      if (storeClosed.get()) {
        throw new IllegalStateException(context + "the store is closed");
      }
      return answer.body().read(into, offset, count);
    }

    @Override
    protected StorageUnavailable cutShort(long received, long length, Exception cause) {
      // Only I/O failures cut a remote stream: isTransferFailure keeps its default.
      return RemoteFailures.cutShort(context, received, length, (IOException) cause);
    }

    @Override
    protected void release(boolean whole) {
      if (whole) {
        answer.close();
      } else {
        answer.drop();
      }
    }
  }

  /** A request to send: method, resource, headers, and an upload's body. */
  private static final class Request {
    final String method;
    final Resource resource;
    final Map<String, String> headers = new LinkedHashMap<>();
    byte[] data;
    int offset;
    int length;

    Request(String method, Resource resource) {
      this.method = method;
      this.resource = resource;
    }

    Request header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Request body(byte[] bytes, int from, int count) {
      this.data = bytes;
      this.offset = from;
      this.length = count;
      return this;
    }
  }

  /**
   * One request on a kept-alive connection and its answer: status, headers, body. Closing it reads
   * what is left of the body, so that the connection serves the next request; after a failure it
   * {@link #drop drops} the connection instead.
   */
  private static final class Answer {
    private final Request request;
    private final Shared shared;
    private HttpsURLConnection connection;
    private int status;
    private boolean answeredBeforeBody;
    private InputStream body;
    private boolean dropped;

    /** Whether the failure, if any, came before a connection was made. */
    boolean connecting = true;

    /** Whether the connection was cut because the upload overran its time. */
    volatile boolean cut;

    Answer(Request request, Shared shared) {
      this.request = request;
      this.shared = shared;
    }

    /** Connects (or takes an idle connection), sends the request and reads the status. */
    void send() throws IOException {
      RemoteOptions options = shared.options;
      connection =
          (HttpsURLConnection)
              shared.location.resolve(request.resource.path()).toURL().openConnection();
      connection.setSSLSocketFactory(shared.sockets);
      connection.setInstanceFollowRedirects(false);
      connection.setUseCaches(false);
      connection.setConnectTimeout(millis(options.connectTimeout()));
      connection.setReadTimeout(millis(options.timeoutFor(request.length)));
      connection.setRequestMethod(request.method);
      request.headers.forEach(connection::setRequestProperty);
      if (request.data == null) {
        connection.connect();
        connecting = false;
        status = connection.getResponseCode();
        return;
      }
      boolean askFirst = request.length >= EXPECT_CONTINUE_FROM;
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(request.length);
      if (askFirst) {
        connection.setRequestProperty("Expect", "100-continue");
      }
      connection.connect();
      connecting = false;
      // A blocked write has no timeout of its own: the deadline cuts the connection.
      ScheduledFuture<?> deadline =
          Deadlines.TIMER.schedule(
              this::cut, millis(options.timeoutFor(request.length)), TimeUnit.MILLISECONDS);
      try {
        try (OutputStream out = connection.getOutputStream()) {
          out.write(request.data, request.offset, request.length);
        } catch (ProtocolException e) {
          // Asked to continue, and answered at once with a final status instead ("Server
          // rejected operation"): the status and headers say why; the body was never sent.
          if (!askFirst) {
            throw e;
          }
          answeredBeforeBody = true;
        }
        status = connection.getResponseCode();
      } finally {
        deadline.cancel(false);
      }
      if (status < 200) {
        throw new ProtocolException("the server sent no final answer");
      }
    }

    private void cut() {
      cut = true;
      connection.disconnect();
    }

    int status() {
      return status;
    }

    Optional<String> header(String name) {
      return Optional.ofNullable(connection.getHeaderField(name));
    }

    OptionalLong length() {
      long length = connection.getHeaderFieldLong("Content-Length", -1);
      return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
    }

    /**
     * Whether only the status and headers tell the answer: a HEAD's, or one that came before an
     * upload's body was sent.
     */
    boolean bodyless() {
      return answeredBeforeBody || request.method.equals("HEAD");
    }

    /** The body (an error's body for a 4xx or 5xx), read up to its end on close. */
    InputStream body() throws IOException {
      if (body == null) {
        InputStream raw = null;
        if (!bodyless()) {
          raw = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        }
        body = raw == null ? InputStream.nullInputStream() : drainedOnClose(raw);
      }
      return body;
    }

    /** Closes the connection rather than leave it for another request. */
    void drop() {
      dropped = true;
      if (connection != null) {
        connection.disconnect();
      }
    }

    void close() {
      if (dropped || connection == null) {
        return;
      }
      if (answeredBeforeBody) {
        drop(); // its unread answer is still on the connection
        return;
      }
      try {
        body().close();
      } catch (IOException e) {
        drop();
      }
    }

    private static int millis(Duration duration) {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
  }

  /** The one timer thread that cuts uploads overrunning their time, made on first use. */
  private static final class Deadlines {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(1, DaemonThreads.named("holdfast-remote-deadlines"));
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
