package dev.holdfast.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import dev.holdfast.server.BufferBudget.Reservation;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.access.ClientIdentity;
import dev.holdfast.server.access.LockOwners;
import dev.holdfast.server.access.Refusal;
import dev.holdfast.server.access.RepositoryAccess;
import dev.holdfast.server.access.RepositoryGrants;
import dev.holdfast.server.protocol.BlobListing;
import dev.holdfast.server.protocol.ErrorCode;
import dev.holdfast.server.protocol.Headers;
import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.server.protocol.Resource;
import dev.holdfast.server.protocol.SafeText;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the protocol of docs/SERVER.md: identifies the client by its certificate, parses the path
 * into a {@link Resource} (nothing else of the request text reaches storage), checks the identity's
 * permission, and calls the repository's {@link BlobStore}. Blob bytes in memory are bounded by a
 * {@link BufferBudget}; requests per identity by an {@link IdentityLimiter}.
 */
final class RepositoryHandler extends Handler.Abstract {
  private static final System.Logger LOG = System.getLogger(RepositoryServer.class.getName());
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Uploads of at most this many bytes are read before an early refusal: clients send them without
   * asking to continue (RemoteBlobStore asks from 1 MiB on).
   */
  private static final long SMALL_BODY = 1024 * 1024;

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{1,18})");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final Map<RepositoryName, BlobStore> repositories;
  private final AccessPolicy policy;
  private final LockOwners owners;
  private final ServerLimits limits;
  private final BufferBudget buffers;
  private final IdentityLimiter perIdentity;

  RepositoryHandler(ServerConfig config) {
    this.repositories = config.repositories();
    this.policy = config.policy();
    this.owners = config.lockOwners();
    this.limits = config.limits();
    this.buffers = new BufferBudget(limits.bufferBytes());
    this.perIdentity = new IdentityLimiter(limits.maxRequestsPerIdentity());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback);
    try {
      identify(exchange);
    } catch (Exception e) {
      fail(exchange, e);
    }
    return true;
  }

  private void identify(Exchange exchange) throws IOException, InterruptedException {
    ClientIdentity identity;
    try {
      identity = ClientIdentity.of(clientCertificate(exchange.request));
    } catch (IllegalArgumentException e) {
      exchange.error(403, ErrorCode.FORBIDDEN, e.getMessage());
      return;
    }
    if (!perIdentity.tryEnter(identity)) {
      exchange.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      exchange.error(
          429,
          ErrorCode.TOO_MANY_REQUESTS,
          identity + " has " + limits.maxRequestsPerIdentity() + " requests in progress already");
      return;
    }
    try {
      route(exchange, identity);
    } finally {
      perIdentity.exit(identity);
    }
  }

  private static X509Certificate clientCertificate(Request request) {
    // The connector requires a client certificate: a request without one never gets here.
    EndPoint.SslSessionData tls =
        (EndPoint.SslSessionData) request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    X509Certificate[] chain = tls == null ? null : tls.peerCertificates();
    if (chain == null || chain.length == 0) {
      throw new IllegalArgumentException("the connection carries no client certificate");
    }
    return chain[0];
  }

  private void route(Exchange exchange, ClientIdentity identity)
      throws IOException, InterruptedException {
    if (exchange.request.getHttpURI().getQuery() != null) {
      exchange.error(400, ErrorCode.BAD_REQUEST, "query strings are not part of the protocol");
      return;
    }
    Resource resource;
    try {
      resource = Resource.parse(exchange.request.getHttpURI().getPath());
    } catch (IllegalArgumentException e) {
      exchange.error(400, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    }
    BlobStore store = repositories.get(resource.repository());
    RepositoryGrants grants = policy.grants(resource.repository()).orElse(RepositoryGrants.none());
    if (store == null || !grants.knows(identity)) {
      // The same answer whether the repository does not exist or this identity may not use it:
      // a client learns nothing of the repositories it has no rights in.
      exchange.error(
          404,
          ErrorCode.NO_SUCH_REPOSITORY,
          "this server offers no repository named " + resource.repository() + " to " + identity);
      return;
    }
    RepositoryAccess access = new RepositoryAccess(resource.repository(), identity, grants, owners);
    String method = exchange.method();
    if (resource instanceof Resource.Blob blob) {
      switch (method) {
        case "GET" -> get(exchange, access, store, blob.name());
        case "HEAD" -> head(exchange, access, store, blob.name());
        case "PUT" -> put(exchange, access, store, blob.name());
        case "DELETE" -> delete(exchange, access, store, blob.name());
        default -> notAllowed(exchange, "GET, HEAD, PUT, DELETE");
      }
    } else if (!method.equals("GET")) {
      notAllowed(exchange, "GET");
    } else if (resource instanceof Resource.Listing listing) {
      list(exchange, access, store, listing);
    } else if (resource instanceof Resource.Retention retention) {
      retention(exchange, access, store, retention.name());
    } else {
      describe(exchange, resource.repository(), store);
    }
  }

  private static void notAllowed(Exchange exchange, String allowed) {
    exchange.response.getHeaders().put(HttpHeader.ALLOW, allowed);
    exchange.error(
        405,
        ErrorCode.METHOD_NOT_ALLOWED,
        exchange.method() + " does not apply here; use " + allowed);
  }

  private void describe(Exchange exchange, RepositoryName name, BlobStore store)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(body)) {
      json.writeStartObject();
      json.writeStringField("repository", name.value());
      json.writeBooleanField("objectLock", supportsObjectLock(store));
      json.writeNumberField("maxBlobBytes", limits.maxBlobBytes());
      json.writeEndObject();
    }
    exchange.json(200, body.toByteArray());
  }

  private static boolean supportsObjectLock(BlobStore store) {
    try {
      store.withRetention(Retention.ofDays(Retention.Mode.GOVERNANCE, 1));
      return true;
    } catch (UsageError e) {
      return false;
    }
  }

  private void head(Exchange exchange, RepositoryAccess access, BlobStore store, BlobName name) {
    Optional<Refusal> refusal = access.toRead(name.toString());
    if (refusal.isPresent()) {
      exchange.forbidden(refusal.get());
      return;
    }
    Optional<BlobInfo> info = store.stat(name);
    if (info.isEmpty()) {
      noSuchBlob(exchange, name);
      return;
    }
    describeBlob(exchange, info.get());
    exchange.response.setStatus(200);
    exchange.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, info.get().size());
    exchange.callback.succeeded();
  }

  private static void describeBlob(Exchange exchange, BlobInfo info) {
    exchange.response.getHeaders().put(HttpHeader.CONTENT_TYPE, Headers.OCTETS);
    exchange.response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
    if (info.modified().isPresent()) {
      Instant modified = info.modified().get();
      exchange.response.getHeaders().put(Headers.MODIFIED, modified.toString());
      exchange.response.getHeaders().put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(modified));
    }
  }

  private static void noSuchBlob(Exchange exchange, BlobName name) {
    exchange.error(404, ErrorCode.NO_SUCH_BLOB, name + " does not exist");
  }

  private void get(Exchange exchange, RepositoryAccess access, BlobStore store, BlobName name)
      throws IOException, InterruptedException {
    Optional<Refusal> refusal = access.toRead(name.toString());
    if (refusal.isPresent()) {
      exchange.forbidden(refusal.get());
      return;
    }
    String rangeHeader = exchange.header(HttpHeader.RANGE.asString());
    Matcher range = rangeHeader == null ? null : RANGE.matcher(rangeHeader);
    if (range != null && !range.matches()) {
      exchange.error(
          400, ErrorCode.BAD_REQUEST, "only one range of the form bytes=FIRST-LAST is supported");
      return;
    }
    Optional<BlobInfo> info = store.stat(name);
    if (info.isEmpty()) {
      noSuchBlob(exchange, name);
      return;
    }
    long size = info.get().size();
    long first = 0;
    long last = size - 1;
    if (range != null) {
      first = Long.parseLong(range.group(1));
      last = Long.parseLong(range.group(2));
      if (last < first) {
        exchange.error(400, ErrorCode.BAD_REQUEST, "the range ends before it starts");
        return;
      }
      if (first >= size) {
        exchange.response.getHeaders().put(HttpHeader.CONTENT_RANGE, "bytes */" + size);
        exchange.error(
            416,
            ErrorCode.RANGE_NOT_SATISFIABLE,
            name + " has " + size + " bytes; the range starts at " + first);
        return;
      }
      last = Math.min(last, size - 1); // as HTTP says: a range past the end is cut to it
      exchange.response.setStatus(206);
      exchange
          .response
          .getHeaders()
          .put(HttpHeader.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
    } else {
      exchange.response.setStatus(200);
    }
    describeBlob(exchange, info.get());
    exchange.response.getHeaders().put(HttpHeader.CONTENT_LENGTH, last - first + 1);
    send(exchange, store, name, first, last - first + 1);
  }

  /**
   * Sends {@code length} bytes of the blob from {@code offset}, one {@link
   * ServerLimits#READ_WINDOW} at a time, so that a download holds at most one window in memory.
   */
  private void send(Exchange exchange, BlobStore store, BlobName name, long offset, long length)
      throws IOException, InterruptedException {
    OutputStream out = Content.Sink.asOutputStream(exchange.response);
    for (long sent = 0; sent < length; ) {
      int window = (int) Math.min(ServerLimits.READ_WINDOW, length - sent);
      try (Reservation reserved = reserve(window, "reading " + name)) {
        out.write(store.getRange(name, offset + sent, window));
      }
      sent += window;
    }
    out.close();
    exchange.callback.succeeded();
  }

  private Reservation reserve(int bytes, String what) throws InterruptedException {
    Reservation reservation = buffers.reserve(bytes, limits.queueTimeout());
    if (reservation == null) {
      throw new StorageUnavailable(
          what
              + ": the server's buffers stayed full for "
              + limits.queueTimeout().toSeconds()
              + " s",
          false,
          null);
    }
    return reservation;
  }

  private void put(Exchange exchange, RepositoryAccess access, BlobStore store, BlobName name)
      throws IOException, InterruptedException {
    long length = exchange.request.getLength();
    // Every refusal before the body is read lets a small body on its way arrive first (see
    // discardSmallBodyOnItsWay): the client then reads why it was refused.
    Optional<Refusal> refusal = access.toPut(name);
    if (refusal.isPresent()) {
      discardSmallBodyOnItsWay(exchange, length);
      exchange.forbidden(refusal.get());
      return;
    }
    if (!"*".equals(exchange.header(HttpHeader.IF_NONE_MATCH.asString()))) {
      discardSmallBodyOnItsWay(exchange, length);
      exchange.error(
          428,
          ErrorCode.PRECONDITION_REQUIRED,
          "a PUT must carry If-None-Match: * (blobs are never overwritten)");
      return;
    }
    if (length < 0) {
      exchange.error(411, ErrorCode.LENGTH_REQUIRED, "a PUT must give its Content-Length");
      return;
    }
    if (length > limits.maxBlobBytes()) {
      exchange.error(
          413,
          ErrorCode.TOO_LARGE,
          name
              + " has "
              + length
              + " bytes, more than this server stores ("
              + limits.maxBlobBytes()
              + ")");
      return;
    }
    BlobStore target;
    try {
      target = withRetention(store, exchange.header(Headers.RETENTION));
    } catch (IllegalArgumentException e) {
      discardSmallBodyOnItsWay(exchange, length);
      exchange.error(400, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    } catch (UsageError e) {
      discardSmallBodyOnItsWay(exchange, length);
      exchange.error(501, ErrorCode.NOT_SUPPORTED, e.getMessage());
      return;
    }
    if (store.stat(name).isPresent()) {
      // Answered before the body is read; with Expect: 100-continue it is never even sent.
      discardSmallBodyOnItsWay(exchange, length);
      exchange.error(412, ErrorCode.EXISTS, name + " exists; its bytes are untouched");
      return;
    }
    boolean stored;
    // A store that writes the body through holds a buffer of it (reserved as one window, as a
    // download is); any other holds the whole body.
    int held =
        target.streamsPuts() ? (int) Math.min(length, ServerLimits.READ_WINDOW) : (int) length;
    try (Reservation reserved = reserve(held, "storing " + name)) {
      stored = target.putIfAbsent(name, Content.Source.asInputStream(exchange.request), length);
    } catch (EOFException e) {
      exchange.error(400, ErrorCode.BAD_REQUEST, e.getMessage());
      return;
    }
    if (!stored) {
      exchange.error(412, ErrorCode.EXISTS, name + " exists; its bytes are untouched");
      return;
    }
    try {
      access.stored(name);
    } catch (RuntimeException e) {
      // The owner of a lock could not be recorded: take the lock back, so that the holder's retry
      // stores it again rather than leaving a lock nobody but a deleter can remove.
      store.delete(name);
      throw e;
    }
    exchange.empty(201);
  }

  /**
   * Reads and drops an upload's body that is already on its way: one sent without asking to
   * continue first, which clients do for small bodies ({@link #SMALL_BODY} and less; larger ones
   * ask to continue and are refused unread). An early answer would otherwise leave the body unread,
   * and the connection that closes on unread bytes can reset the answer away before the client
   * reads it (and could not serve the client's next request).
   */
  private static void discardSmallBodyOnItsWay(Exchange exchange, long length) {
    String expect = exchange.header("Expect");
    if (length < 0
        || length > SMALL_BODY
        || (expect != null && expect.equalsIgnoreCase("100-continue"))) {
      return;
    }
    try {
      Content.Source.asInputStream(exchange.request).transferTo(OutputStream.nullOutputStream());
    } catch (IOException e) {
      // The client went away: the answer that follows finds that out.
    }
  }

  private static BlobStore withRetention(BlobStore store, String header) {
    if (header == null) {
      return store;
    }
    String[] parts = header.trim().split(" ");
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          Headers.RETENTION + " must be 'MODE PERIOD', e.g. 'compliance P30D'");
    }
    Duration period;
    try {
      period = Duration.parse(parts[1]);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          Headers.RETENTION + ": '" + SafeText.printable(parts[1], 40) + "' is no ISO-8601 period");
    }
    return store.withRetention(new Retention(Retention.Mode.parse(parts[0]), period));
  }

  private void delete(Exchange exchange, RepositoryAccess access, BlobStore store, BlobName name) {
    Optional<Refusal> refusal = access.toDelete(name, () -> store.stat(name).isPresent());
    if (refusal.isPresent()) {
      exchange.forbidden(refusal.get());
      return;
    }
    store.delete(name);
    access.deleted(name);
    exchange.empty(204);
  }

  private void list(
      Exchange exchange, RepositoryAccess access, BlobStore store, Resource.Listing listing)
      throws IOException {
    Optional<Refusal> refusal = access.toRead(listing.kind().folder() + "/");
    if (refusal.isPresent()) {
      exchange.forbidden(refusal.get());
      return;
    }
    List<BlobInfo> blobs = store.list(listing.kind());
    exchange.response.setStatus(200);
    exchange.response.getHeaders().put(HttpHeader.CONTENT_TYPE, Headers.JSON);
    try (OutputStream out = Content.Sink.asOutputStream(exchange.response)) {
      BlobListing.write(blobs, out);
    }
    exchange.callback.succeeded();
  }

  private void retention(Exchange exchange, RepositoryAccess access, BlobStore store, BlobName name)
      throws IOException {
    Optional<Refusal> refusal = access.toRead("the retention of " + name);
    if (refusal.isPresent()) {
      exchange.forbidden(refusal.get());
      return;
    }
    Optional<Instant> until = store.retainedUntil(name);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(body)) {
      json.writeStartObject();
      if (until.isPresent()) {
        json.writeStringField("retainedUntil", until.get().toString());
      } else {
        json.writeNullField("retainedUntil");
      }
      json.writeEndObject();
    }
    exchange.json(200, body.toByteArray());
  }

  /**
   * Answers a failure: storage failures keep their meaning (missing, damaged, worth a retry or not)
   * but not their text, which may name the server's own paths; the log has the detail. Once the
   * response is under way nothing can be said, and the connection is cut so that the client sees a
   * short body, never a complete-looking one.
   */
  private static void fail(Exchange exchange, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (exchange.response.isCommitted()) {
      if (e instanceof IOException) {
        LOG.log(Level.DEBUG, "request " + describe(exchange) + ": the client went away: " + e);
      } else {
        LOG.log(Level.WARNING, "request " + describe(exchange) + " failed mid-answer", e);
      }
      exchange.callback.failed(e);
      return;
    }
    if (e instanceof NoSuchBlob) {
      exchange.error(404, ErrorCode.NO_SUCH_BLOB, "the blob does not exist");
    } else if (e instanceof CorruptObject) {
      LOG.log(Level.WARNING, "request " + describe(exchange) + ": damaged blob", e);
      exchange.error(500, ErrorCode.CORRUPT, "the blob is damaged in the server's storage");
    } else if (e instanceof StorageUnavailable storage && !storage.permanent()) {
      LOG.log(Level.INFO, "request " + describe(exchange) + ": storage busy: " + e.getMessage());
      exchange.response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      exchange.error(503, ErrorCode.UNAVAILABLE, "the server's storage is busy or failing; retry");
    } else if (e instanceof StorageUnavailable || e instanceof UncheckedIOException) {
      LOG.log(Level.WARNING, "request " + describe(exchange) + ": storage failed", e);
      exchange.error(
          500,
          ErrorCode.STORAGE_FAILED,
          "the server's storage refused the request; its log says why");
    } else if (e instanceof IOException) {
      // Reading the request body failed: the client went away or stalled past the idle timeout.
      exchange.callback.failed(e);
    } else {
      LOG.log(Level.ERROR, "request " + describe(exchange) + " failed", e);
      exchange.error(500, ErrorCode.STORAGE_FAILED, "the server failed; its log says why");
    }
  }

  private static String describe(Exchange exchange) {
    return exchange.method()
        + " "
        + SafeText.printable(exchange.request.getHttpURI().getPath(), 200);
  }
}
