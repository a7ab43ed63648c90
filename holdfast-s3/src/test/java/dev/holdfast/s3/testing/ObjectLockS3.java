package dev.holdfast.s3.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.holdfast.s3.S3Credentials;
import dev.holdfast.s3.S3Location;
import dev.holdfast.s3.S3Options;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small S3 server on loopback that plays AWS's answers for a versioned bucket with object lock,
 * because no S3 implementation that runs here has object lock: S3Proxy 4.1 refuses to create a
 * bucket with it (NotImplemented, "object lock needs versioning, which S3Proxy does not implement")
 * and rejects the {@code ?object-lock} and {@code ?retention} subresources. Only what Holdfast asks
 * is implemented, following AWS's documented behaviour: conditional PUT ({@code If-None-Match: *},
 * 412 when the key exists), PUT and multipart uploads with {@code x-amz-object-lock-mode} and
 * {@code x-amz-object-lock-retain-until-date} (refused without Content-MD5, or on a bucket without
 * object lock), HEAD with the retention, GET with ranges, ListObjectsV2 and ListObjectVersions, a
 * DELETE that adds a delete marker, and a DELETE of a version that object lock refuses with 403
 * AccessDenied until its date. Signatures are not checked. Every request is recorded so that tests
 * can see exactly what was sent; failures can be injected.
 */
public final class ObjectLockS3 implements AutoCloseable {
  public static final String BUCKET = "locked-bucket";

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final String XMLNS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  /** One version of an object, or a delete marker. */
  public record Version(
      String id,
      byte[] data,
      Instant modified,
      Optional<String> lockMode,
      Optional<Instant> retainUntil,
      boolean deleteMarker) {}

  /** A request as it arrived: method, decoded key (empty for the bucket), query, headers. */
  public record Request(String method, String key, String query, Map<String, String> headers) {
    /** A header's value, or null; names are lower case. */
    public String header(String name) {
      return headers.get(name);
    }
  }

  private record Upload(
      String key,
      Optional<String> lockMode,
      Optional<Instant> retainUntil,
      Map<Integer, byte[]> parts) {}

  private final Clock clock;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final Map<String, List<Version>> objects = new TreeMap<>();
  private final Map<String, Upload> uploads = new LinkedHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private volatile int failureStatus;
  private volatile String failureCode;
  private volatile boolean objectLockEnabled = true;
  private volatile boolean conditionalWrites = true;
  private volatile boolean truncateNextBody;

  /** A server whose idea of now (for retention) is {@code clock}. */
  public ObjectLockS3(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on loopback", e);
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The repository location {@code s3:<endpoint>/locked-bucket/<prefix>}. */
  public S3Location location(String prefix) {
    return new S3Location(Optional.of(endpoint()), BUCKET, prefix);
  }

  /** Options that reach this server (any credentials are accepted). */
  public S3Options options() {
    return S3Options.builder()
        .credentials(S3Credentials.accessKey("lock-test", "lock-test-secret"))
        .insecureHttp(true)
        .build();
  }

  /** Makes the bucket one without object lock (as a bucket created without it). */
  public ObjectLockS3 withoutObjectLock() {
    objectLockEnabled = false;
    return this;
  }

  /** Makes conditional writes answer 501 Not Implemented, as servers without them do. */
  public ObjectLockS3 withoutConditionalWrites() {
    conditionalWrites = false;
    return this;
  }

  /** Answers the next {@code count} requests with {@code status} and S3 error {@code code}. */
  public void failNext(int count, int status, String code) {
    failureStatus = status;
    failureCode = code;
    failures.set(count);
  }

  /** Sends only half of the next GET's body, then drops the connection. */
  public void truncateNextBody() {
    truncateNextBody = true;
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Every version and delete marker of {@code key}, oldest first. */
  public synchronized List<Version> versions(String key) {
    return List.copyOf(objects.getOrDefault(key, List.of()));
  }

  /** Every key with at least one version or marker. */
  public synchronized List<String> keys() {
    return List.copyOf(objects.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = exchange.getRequestURI().getRawPath();
      String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
      Map<String, String> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
      String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
      int slash = path.indexOf('/');
      String bucket = slash < 0 ? path : path.substring(0, slash);
      String key = slash < 0 ? "" : decode(path.substring(slash + 1));
      Request request = new Request(exchange.getRequestMethod(), key, query, headers);
      requests.add(request);
      byte[] body = decodeChunks(headers, exchange.getRequestBody().readAllBytes());
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        error(exchange, failureStatus, failureCode, "injected failure");
        return;
      }
      if (!bucket.equals(BUCKET)) {
        error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
        return;
      }
      Map<String, String> params = params(query);
      if (key.isEmpty()) {
        bucketRequest(exchange, request, params);
      } else {
        objectRequest(exchange, request, params, body);
      }
    } catch (RuntimeException e) {
      error(exchange, 500, "InternalError", String.valueOf(e));
    }
  }

  private void bucketRequest(HttpExchange exchange, Request request, Map<String, String> params)
      throws IOException {
    switch (request.method()) {
      case "HEAD" -> reply(exchange, 200, new byte[0]);
      case "GET" -> {
        if (params.containsKey("object-lock")) {
          if (!objectLockEnabled) {
            error(
                exchange,
                404,
                "ObjectLockConfigurationNotFoundError",
                "Object Lock configuration does not exist for this bucket");
          } else {
            xml(
                exchange,
                "<ObjectLockConfiguration"
                    + XMLNS
                    + "><ObjectLockEnabled>Enabled</ObjectLockEnabled></ObjectLockConfiguration>");
          }
        } else if (params.containsKey("versions")) {
          xml(exchange, listVersions(params.getOrDefault("prefix", "")));
        } else {
          xml(exchange, listObjects(params));
        }
      }
      default -> error(exchange, 501, "NotImplemented", "not played by this server");
    }
  }

  private void objectRequest(
      HttpExchange exchange, Request request, Map<String, String> params, byte[] body)
      throws IOException {
    String key = request.key();
    switch (request.method()) {
      case "PUT" -> {
        if (params.containsKey("uploadId")) {
          uploadPart(exchange, request, params, body);
        } else {
          put(exchange, request, body);
        }
      }
      case "POST" -> {
        if (params.containsKey("uploads")) {
          createUpload(exchange, request);
        } else {
          completeUpload(exchange, request, params.get("uploadId"));
        }
      }
      case "HEAD", "GET" -> {
        Optional<Version> version = find(key, params.get("versionId"));
        if (version.isEmpty()) {
          error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
          return;
        }
        if (request.method().equals("HEAD")) {
          objectHeaders(exchange, version.get());
          exchange.getResponseHeaders().set("Content-Length", "" + version.get().data().length);
          exchange.sendResponseHeaders(200, -1);
        } else {
          get(exchange, request, version.get());
        }
      }
      case "DELETE" -> {
        if (params.containsKey("uploadId")) {
          synchronized (this) {
            uploads.remove(params.get("uploadId"));
          }
          reply(exchange, 204, new byte[0]);
        } else {
          delete(exchange, key, params.get("versionId"));
        }
      }
      default -> error(exchange, 501, "NotImplemented", "not played by this server");
    }
  }

  private void put(HttpExchange exchange, Request request, byte[] body) throws IOException {
    Optional<String> mode = Optional.ofNullable(request.header("x-amz-object-lock-mode"));
    Optional<Instant> until =
        Optional.ofNullable(request.header("x-amz-object-lock-retain-until-date"))
            .map(Instant::parse);
    if (!lockAcceptable(exchange, request, mode, body)) {
      return;
    }
    synchronized (this) {
      if (request.header("if-none-match") != null) {
        if (!conditionalWrites) {
          error(exchange, 501, "NotImplemented", "conditional writes are not implemented");
          return;
        }
        if (current(request.key()).isPresent()) {
          error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions failed");
          return;
        }
      }
      Version version = store(request.key(), body, mode, until);
      exchange.getResponseHeaders().set("ETag", eTag(version.data()));
      exchange.getResponseHeaders().set("x-amz-version-id", version.id());
    }
    reply(exchange, 200, new byte[0]);
  }

  /** AWS refuses a lock without object lock on the bucket, and a locked upload without its MD5. */
  private boolean lockAcceptable(
      HttpExchange exchange, Request request, Optional<String> mode, byte[] body)
      throws IOException {
    if (mode.isEmpty()) {
      return true;
    }
    if (!objectLockEnabled) {
      error(exchange, 400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
      return false;
    }
    return md5Acceptable(exchange, request, body);
  }

  private boolean md5Acceptable(HttpExchange exchange, Request request, byte[] body)
      throws IOException {
    String md5 = request.header("content-md5");
    if (md5 == null) {
      error(
          exchange,
          400,
          "InvalidRequest",
          "Content-MD5 OR x-amz-checksum- HTTP header is required for Put Object requests with"
              + " Object Lock parameters");
      return false;
    }
    if (!md5.equals(Base64.getEncoder().encodeToString(md5(body)))) {
      error(exchange, 400, "BadDigest", "The Content-MD5 you specified did not match");
      return false;
    }
    return true;
  }

  private void createUpload(HttpExchange exchange, Request request) throws IOException {
    Optional<String> mode = Optional.ofNullable(request.header("x-amz-object-lock-mode"));
    Optional<Instant> until =
        Optional.ofNullable(request.header("x-amz-object-lock-retain-until-date"))
            .map(Instant::parse);
    if (mode.isPresent() && !objectLockEnabled) {
      error(exchange, 400, "InvalidRequest", "Bucket is missing Object Lock Configuration");
      return;
    }
    String uploadId = "upload-" + ids.incrementAndGet();
    synchronized (this) {
      uploads.put(uploadId, new Upload(request.key(), mode, until, new TreeMap<>()));
    }
    xml(
        exchange,
        "<InitiateMultipartUploadResult"
            + XMLNS
            + "><Bucket>"
            + BUCKET
            + "</Bucket><Key>"
            + escape(request.key())
            + "</Key><UploadId>"
            + uploadId
            + "</UploadId></InitiateMultipartUploadResult>");
  }

  private void uploadPart(
      HttpExchange exchange, Request request, Map<String, String> params, byte[] body)
      throws IOException {
    Upload upload;
    synchronized (this) {
      upload = uploads.get(params.get("uploadId"));
    }
    if (upload == null) {
      error(exchange, 404, "NoSuchUpload", "The specified upload does not exist");
      return;
    }
    if (upload.lockMode().isPresent() && !md5Acceptable(exchange, request, body)) {
      return;
    }
    synchronized (this) {
      upload.parts().put(Integer.parseInt(params.get("partNumber")), body);
    }
    exchange.getResponseHeaders().set("ETag", eTag(body));
    reply(exchange, 200, new byte[0]);
  }

  private void completeUpload(HttpExchange exchange, Request request, String uploadId)
      throws IOException {
    synchronized (this) {
      Upload upload = uploads.get(uploadId);
      if (upload == null) {
        error(exchange, 404, "NoSuchUpload", "The specified upload does not exist");
        return;
      }
      if (request.header("if-none-match") != null) {
        if (!conditionalWrites) {
          error(exchange, 501, "NotImplemented", "conditional writes are not implemented");
          return;
        }
        if (current(upload.key()).isPresent()) {
          error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions failed");
          return;
        }
      }
      int size = upload.parts().values().stream().mapToInt(p -> p.length).sum();
      byte[] data = new byte[size];
      int at = 0;
      for (byte[] part : upload.parts().values()) {
        System.arraycopy(part, 0, data, at, part.length);
        at += part.length;
      }
      uploads.remove(uploadId);
      Version version = store(upload.key(), data, upload.lockMode(), upload.retainUntil());
      xml(
          exchange,
          "<CompleteMultipartUploadResult"
              + XMLNS
              + "><Bucket>"
              + BUCKET
              + "</Bucket><Key>"
              + escape(upload.key())
              + "</Key><ETag>"
              + escape(eTag(data))
              + "</ETag><VersionId>"
              + version.id()
              + "</VersionId></CompleteMultipartUploadResult>");
    }
  }

  private void get(HttpExchange exchange, Request request, Version version) throws IOException {
    objectHeaders(exchange, version);
    byte[] data = version.data();
    String range = request.header("range");
    if (range == null) {
      send(exchange, 200, data);
      return;
    }
    String[] bounds = range.substring("bytes=".length()).split("-");
    long first = Long.parseLong(bounds[0]);
    long last = Math.min(Long.parseLong(bounds[1]), data.length - 1L);
    if (first >= data.length) {
      exchange.getResponseHeaders().set("Content-Range", "bytes */" + data.length);
      error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
      return;
    }
    exchange
        .getResponseHeaders()
        .set("Content-Range", "bytes " + first + "-" + last + "/" + data.length);
    byte[] slice = new byte[(int) (last - first + 1)];
    System.arraycopy(data, (int) first, slice, 0, slice.length);
    send(exchange, 206, slice);
  }

  /** A GET's body, cut short when a test asked for it. */
  private void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (!truncateNextBody) {
      reply(exchange, status, body);
      return;
    }
    truncateNextBody = false;
    exchange.sendResponseHeaders(status, body.length);
    OutputStream out = exchange.getResponseBody();
    out.write(body, 0, body.length / 2);
    out.flush();
    // Closing the exchange now ends the connection with the body incomplete.
    throw new IOException("body cut short on purpose");
  }

  private void delete(HttpExchange exchange, String key, String versionId) throws IOException {
    synchronized (this) {
      if (versionId == null) {
        Version marker =
            new Version(
                next(), new byte[0], clock.instant(), Optional.empty(), Optional.empty(), true);
        objects.computeIfAbsent(key, k -> new ArrayList<>()).add(marker);
        exchange.getResponseHeaders().set("x-amz-delete-marker", "true");
        exchange.getResponseHeaders().set("x-amz-version-id", marker.id());
        reply(exchange, 204, new byte[0]);
        return;
      }
      List<Version> versions = objects.getOrDefault(key, new ArrayList<>());
      Optional<Version> version = versions.stream().filter(v -> v.id().equals(versionId)).findAny();
      if (version.isPresent()
          && !version.get().deleteMarker()
          && version.get().retainUntil().map(u -> u.isAfter(clock.instant())).orElse(false)) {
        error(
            exchange,
            403,
            "AccessDenied",
            "Access Denied because object protected by object lock.");
        return;
      }
      version.ifPresent(versions::remove);
      if (versions.isEmpty()) {
        objects.remove(key);
      }
      exchange.getResponseHeaders().set("x-amz-version-id", versionId);
      reply(exchange, 204, new byte[0]);
    }
  }

  private synchronized Version store(
      String key, byte[] data, Optional<String> mode, Optional<Instant> until) {
    Version version = new Version(next(), data, clock.instant(), mode, until, false);
    objects.computeIfAbsent(key, k -> new ArrayList<>()).add(version);
    return version;
  }

  private synchronized Optional<Version> current(String key) {
    List<Version> versions = objects.get(key);
    if (versions == null || versions.isEmpty()) {
      return Optional.empty();
    }
    Version newest = versions.get(versions.size() - 1);
    return newest.deleteMarker() ? Optional.empty() : Optional.of(newest);
  }

  private synchronized Optional<Version> find(String key, String versionId) {
    if (versionId == null) {
      return current(key);
    }
    return objects.getOrDefault(key, List.of()).stream()
        .filter(v -> v.id().equals(versionId) && !v.deleteMarker())
        .findAny();
  }

  private synchronized String listObjects(Map<String, String> params) {
    String prefix = params.getOrDefault("prefix", "");
    int maxKeys = Integer.parseInt(params.getOrDefault("max-keys", "1000"));
    String after = params.getOrDefault("continuation-token", "");
    StringBuilder xml =
        new StringBuilder(
            "<ListBucketResult"
                + XMLNS
                + "><Name>"
                + BUCKET
                + "</Name><Prefix>"
                + escape(prefix)
                + "</Prefix><MaxKeys>"
                + maxKeys
                + "</MaxKeys>");
    int count = 0;
    String last = null;
    boolean truncated = false;
    for (String key : objects.keySet()) {
      if (!key.startsWith(prefix) || key.compareTo(after) <= 0 || current(key).isEmpty()) {
        continue;
      }
      if (count == maxKeys) {
        truncated = true;
        break;
      }
      Version v = current(key).get();
      xml.append("<Contents><Key>")
          .append(escape(key))
          .append("</Key><LastModified>")
          .append(v.modified())
          .append("</LastModified><ETag>")
          .append(escape(eTag(v.data())))
          .append("</ETag><Size>")
          .append(v.data().length)
          .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
      count++;
      last = key;
    }
    xml.append("<KeyCount>")
        .append(count)
        .append("</KeyCount><IsTruncated>")
        .append(truncated)
        .append("</IsTruncated>");
    if (truncated) {
      xml.append("<NextContinuationToken>").append(escape(last)).append("</NextContinuationToken>");
    }
    return xml.append("</ListBucketResult>").toString();
  }

  private synchronized String listVersions(String prefix) {
    StringBuilder xml =
        new StringBuilder(
            "<ListVersionsResult"
                + XMLNS
                + "><Name>"
                + BUCKET
                + "</Name><Prefix>"
                + escape(prefix)
                + "</Prefix><MaxKeys>1000</MaxKeys>"
                + "<IsTruncated>false</IsTruncated>");
    for (Map.Entry<String, List<Version>> entry : objects.entrySet()) {
      if (!entry.getKey().startsWith(prefix)) {
        continue;
      }
      List<Version> versions = entry.getValue();
      for (int i = versions.size() - 1; i >= 0; i--) {
        Version v = versions.get(i);
        String common =
            "<Key>"
                + escape(entry.getKey())
                + "</Key><VersionId>"
                + v.id()
                + "</VersionId><IsLatest>"
                + (i == versions.size() - 1)
                + "</IsLatest><LastModified>"
                + v.modified()
                + "</LastModified>";
        if (v.deleteMarker()) {
          xml.append("<DeleteMarker>").append(common).append("</DeleteMarker>");
        } else {
          xml.append("<Version>")
              .append(common)
              .append("<ETag>")
              .append(escape(eTag(v.data())))
              .append("</ETag><Size>")
              .append(v.data().length)
              .append("</Size><StorageClass>STANDARD</StorageClass></Version>");
        }
      }
    }
    return xml.append("</ListVersionsResult>").toString();
  }

  private static void objectHeaders(HttpExchange exchange, Version version) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("Last-Modified", HTTP_DATE.format(version.modified()));
    headers.set("ETag", eTag(version.data()));
    headers.set("x-amz-version-id", version.id());
    headers.set("Content-Type", "application/octet-stream");
    version.lockMode().ifPresent(m -> headers.set("x-amz-object-lock-mode", m));
    version
        .retainUntil()
        .ifPresent(u -> headers.set("x-amz-object-lock-retain-until-date", u.toString()));
  }

  private String next() {
    return "v" + ids.incrementAndGet();
  }

  private static void xml(HttpExchange exchange, String xml) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    reply(
        exchange,
        200,
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + xml).getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/xml");
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + escape(message)
                + "</Message></Error>")
            .getBytes(StandardCharsets.UTF_8);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    reply(exchange, status, body);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    if (body.length == 0) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * The payload of a body the SDK framed in {@code aws-chunked} encoding (it signs each chunk over
   * plain HTTP): {@code <hex size>;chunk-signature=...\r\n<bytes>\r\n}, ending with size 0.
   */
  private static byte[] decodeChunks(Map<String, String> headers, byte[] body) {
    String sha = headers.getOrDefault("x-amz-content-sha256", "");
    if (!sha.startsWith("STREAMING-")) {
      return body;
    }
    byte[] out = new byte[Integer.parseInt(headers.get("x-amz-decoded-content-length"))];
    int at = 0;
    int written = 0;
    while (true) {
      int lineEnd = at;
      while (body[lineEnd] != '\r') {
        lineEnd++;
      }
      String line = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
      int size = Integer.parseInt(line.split(";")[0], 16);
      at = lineEnd + 2;
      if (size == 0) {
        return out;
      }
      System.arraycopy(body, at, out, written, size);
      written += size;
      at += size + 2;
    }
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new TreeMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      params.put(
          decode(eq < 0 ? pair : pair.substring(0, eq)),
          eq < 0 ? "" : decode(pair.substring(eq + 1)));
    }
    return params;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String eTag(byte[] data) {
    return "\"" + HexFormat.of().formatHex(md5(data)) + "\"";
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
