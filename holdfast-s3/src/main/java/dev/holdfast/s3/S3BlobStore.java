package dev.holdfast.s3;

import dev.holdfast.core.CorruptObject;
import dev.holdfast.core.NoSuchBlob;
import dev.holdfast.core.RepositoryExists;
import dev.holdfast.core.StorageUnavailable;
import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobFailures;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.core.storage.Retention;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * A repository in an S3 bucket (AWS or any S3-compatible server): blob {@code name} is the object
 * {@code <prefix>/<name.path()>}, so packs fan out as {@code prefix/data/3f/3fa2...}.
 *
 * <ul>
 *   <li><b>Put-if-absent</b> is a PUT with {@code If-None-Match: *}, which S3 (since 2024) and
 *       S3Proxy's filesystem and transient stores evaluate atomically: of two writers of one name
 *       exactly one wins. Blobs above {@value #MULTIPART_THRESHOLD} bytes go up in parts of {@value
 *       #PART_SIZE} bytes and appear only when the upload is completed, with the same condition; a
 *       failed upload is aborted, so no partial object is ever visible. A server that answers a
 *       conditional write with 501 Not Implemented gets HEAD-then-PUT from then on, which is
 *       harmless for names that are random or content-addressed (docs/DESIGN.md, "S3").
 *   <li><b>Reads</b> check the length of every body: a range beyond the blob's end is {@link
 *       CorruptObject}, a body cut short is a transient {@link StorageUnavailable}, never a short
 *       result. {@link #openRange} is one ranged GET whose body is read as it arrives, so a reader
 *       can take a whole pack's blobs in one request; a stream closed early drops its connection
 *       rather than reading the rest.
 *   <li><b>Delete</b> removes every version of the object on a versioned bucket, and refuses with a
 *       permanent failure naming the date when object lock protects it.
 *   <li><b>Object lock</b>: a view made by {@link #withRetention} stores blobs of data kinds with
 *       {@code ObjectLockMode} and {@code RetainUntilDate = now + period}.
 * </ul>
 *
 * <p>The AWS SDK's own retries are turned off: a single retry decorator in holdfast-core wraps
 * every store, and failures here say whether a retry can help ({@link
 * StorageUnavailable#permanent()}). Thread-safe; the views of one store share its connections.
 */
public final class S3BlobStore implements BlobStore {
  /**
   * Blobs larger than this are uploaded in parts. A default pack (16 MiB, plus at most one chunk of
   * up to 8 MiB) stays below it: one PUT is one request, where a multipart upload is at least four
   * and makes some servers copy the parts together again.
   */
  public static final int MULTIPART_THRESHOLD = 32 * 1024 * 1024;

  /** Size of each part but the last (S3 wants at least 5 MiB). */
  public static final int PART_SIZE = 16 * 1024 * 1024;

  /** Java arrays stop a few bytes short of {@code Integer.MAX_VALUE}. */
  private static final long MAX_WHOLE_READ = Integer.MAX_VALUE - 8;

  private static final String CONTENT_TYPE = "application/octet-stream";

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final Shared shared;
  private final Optional<Retention> retention;

  /** What the views of one store share: the client, where, the clock, what the server can do. */
  private static final class Shared {
    final S3Client s3;
    final S3Location location;
    final Clock clock;
    final int listPageSize;

    /** Cleared once the server answers a conditional write with 501 Not Implemented. */
    final AtomicBoolean conditionalWrites = new AtomicBoolean(true);

    Shared(S3Client s3, S3Location location, Clock clock, int listPageSize) {
      this.s3 = s3;
      this.location = location;
      this.clock = clock;
      this.listPageSize = listPageSize;
    }
  }

  private S3BlobStore(Shared shared, Optional<Retention> retention) {
    this.shared = shared;
    this.retention = retention;
  }

  /**
   * A store for the repository at {@code location}; opens no connection yet.
   *
   * @throws UsageError for options that cannot work (plain HTTP not allowed, an unreadable CA
   *     bundle, no region for AWS)
   */
  public static S3BlobStore open(S3Location location, S3Options options) {
    return open(location, options, Clock.systemUTC());
  }

  /** As {@link #open(S3Location, S3Options)}, with {@code clock} dating object lock retention. */
  public static S3BlobStore open(S3Location location, S3Options options, Clock clock) {
    S3Client client = S3Clients.build(location, options);
    return new S3BlobStore(
        new Shared(client, location, clock, options.listPageSize()), Optional.empty());
  }

  /**
   * Checks that a repository can be created here: the bucket exists, object lock is enabled on it
   * when {@code objectLock} is asked for, and nothing is stored under the prefix yet.
   *
   * @throws RepositoryExists when a repository config is already there
   * @throws UsageError when the bucket lacks object lock or the prefix holds other objects
   * @throws StorageUnavailable when the bucket does not exist or cannot be reached
   */
  public void checkReadyForInit(boolean objectLock) {
    S3Location location = shared.location;
    try {
      try {
        shared.s3.headBucket(b -> b.bucket(location.bucket()));
      } catch (AwsServiceException e) {
        if (e.statusCode() == 404) {
          throw new StorageUnavailable(
              "cannot create a repository at "
                  + location
                  + ": the bucket "
                  + location.bucket()
                  + " does not exist (create it first; holdfast does not create buckets)",
              true,
              e);
        }
        throw e;
      }
      if (objectLock) {
        requireObjectLock();
      }
      if (stat(BlobName.CONFIG).isPresent()) {
        throw new RepositoryExists("a repository already exists at " + location);
      }
      ListObjectsV2Response listing =
          shared.s3.listObjectsV2(
              b -> b.bucket(location.bucket()).prefix(location.rootKey()).maxKeys(1));
      if (!listing.contents().isEmpty()) {
        throw new UsageError(
            "cannot create a repository at "
                + location
                + ": objects are already stored under that prefix (choose an empty prefix)");
      }
    } catch (SdkException e) {
      throw S3Failures.failed("checking", "the bucket", location, e);
    }
  }

  private void requireObjectLock() {
    S3Location location = shared.location;
    String missing =
        "the bucket "
            + location.bucket()
            + " does not have object lock enabled; create the bucket with object lock (which"
            + " also turns on versioning), or leave out --object-lock";
    try {
      ObjectLockEnabled enabled =
          shared
              .s3
              .getObjectLockConfiguration(b -> b.bucket(location.bucket()))
              .objectLockConfiguration()
              .objectLockEnabled();
      if (enabled != ObjectLockEnabled.ENABLED) {
        throw new UsageError(missing);
      }
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
        throw new UsageError(missing);
      }
      if (e.statusCode() == 501) {
        throw new UsageError(
            "the server at " + location + " does not support object lock (" + e.statusCode() + ")");
      }
      throw e;
    }
  }

  @Override
  public boolean putIfAbsent(BlobName name, byte[] data, int offset, int length) {
    Objects.requireNonNull(name, "name");
    Objects.checkFromIndexSize(offset, length, data.length);
    try {
      return length > MULTIPART_THRESHOLD
          ? putInParts(name, data, offset, length)
          : putWhole(name, data, offset, length);
    } catch (SdkException e) {
      throw S3Failures.failed("storing", name, shared.location, e);
    }
  }

  private boolean putWhole(BlobName name, byte[] data, int offset, int length) {
    String key = key(name);
    boolean conditional = shared.conditionalWrites.get();
    if (!conditional && exists(key)) {
      return false;
    }
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(shared.location.bucket())
            .key(key)
            .contentType(CONTENT_TYPE)
            .contentLength((long) length);
    Optional<Instant> until = retainUntil(name.kind());
    if (until.isPresent()) {
      request
          .objectLockMode(lockMode())
          .objectLockRetainUntilDate(until.get())
          .contentMD5(md5(data, offset, length));
    }
    if (conditional) {
      request.ifNoneMatch("*");
    }
    try {
      shared.s3.putObject(request.build(), body(data, offset, length));
      return true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 412) {
        return false; // the name exists: its bytes stay as they are
      }
      if (conditional && e.statusCode() == 501) {
        shared.conditionalWrites.set(false);
        return putWhole(name, data, offset, length);
      }
      throw e;
    }
  }

  private boolean putInParts(BlobName name, byte[] data, int offset, int length) {
    String key = key(name);
    boolean conditional = shared.conditionalWrites.get();
    if (!conditional && exists(key)) {
      return false;
    }
    CreateMultipartUploadRequest.Builder create =
        CreateMultipartUploadRequest.builder()
            .bucket(shared.location.bucket())
            .key(key)
            .contentType(CONTENT_TYPE);
    Optional<Instant> until = retainUntil(name.kind());
    until.ifPresent(u -> create.objectLockMode(lockMode()).objectLockRetainUntilDate(u));
    String uploadId = shared.s3.createMultipartUpload(create.build()).uploadId();
    try {
      List<CompletedPart> parts = new ArrayList<>();
      for (int start = 0, number = 1; start < length; start += PART_SIZE, number++) {
        int partLength = Math.min(PART_SIZE, length - start);
        UploadPartRequest.Builder part =
            UploadPartRequest.builder()
                .bucket(shared.location.bucket())
                .key(key)
                .uploadId(uploadId)
                .partNumber(number)
                .contentLength((long) partLength);
        if (until.isPresent()) {
          part.contentMD5(md5(data, offset + start, partLength));
        }
        String eTag =
            shared.s3.uploadPart(part.build(), body(data, offset + start, partLength)).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
      }
      if (complete(key, uploadId, parts, conditional)) {
        return true;
      }
    } catch (RuntimeException e) {
      abort(key, uploadId, e);
      throw e;
    }
    abort(key, uploadId, null); // the name exists: drop the parts uploaded for nothing
    return false;
  }

  /** Completes the upload; false when the name already existed. */
  private boolean complete(
      String key, String uploadId, List<CompletedPart> parts, boolean conditional) {
    CompleteMultipartUploadRequest.Builder request =
        CompleteMultipartUploadRequest.builder()
            .bucket(shared.location.bucket())
            .key(key)
            .uploadId(uploadId)
            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build());
    if (conditional) {
      request.ifNoneMatch("*");
    }
    try {
      shared.s3.completeMultipartUpload(request.build());
      return true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 412) {
        return false;
      }
      if (conditional && e.statusCode() == 501) {
        shared.conditionalWrites.set(false);
        return !exists(key) && complete(key, uploadId, parts, false);
      }
      throw e;
    }
  }

  /** Aborts a multipart upload; a failure to abort is added to {@code failure}, or thrown. */
  private void abort(String key, String uploadId, RuntimeException failure) {
    try {
      shared.s3.abortMultipartUpload(
          b -> b.bucket(shared.location.bucket()).key(key).uploadId(uploadId));
    } catch (SdkException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  /** The body of a request: a fresh stream over the slice each time the SDK asks, no copy. */
  private static RequestBody body(byte[] data, int offset, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(data, offset, length), length, CONTENT_TYPE);
  }

  /** Base64 of the MD5 of the slice: S3 requires it on uploads that carry object lock. */
  private static String md5(byte[] data, int offset, int length) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      md5.update(data, offset, length);
      return Base64.getEncoder().encodeToString(md5.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this Java runtime", e);
    }
  }

  private Optional<Instant> retainUntil(BlobKind kind) {
    if (retention.isEmpty() || !Retention.appliesTo(kind)) {
      return Optional.empty();
    }
    return Optional.of(retention.get().until(shared.clock.instant()));
  }

  private ObjectLockMode lockMode() {
    return retention.orElseThrow().mode() == Retention.Mode.COMPLIANCE
        ? ObjectLockMode.COMPLIANCE
        : ObjectLockMode.GOVERNANCE;
  }

  @Override
  public byte[] get(BlobName name) {
    return read(name, MAX_WHOLE_READ, false);
  }

  /** One request: the size is checked from the response's length before the body is read. */
  @Override
  public byte[] get(BlobName name, long maxBytes) {
    return read(name, Math.min(maxBytes, MAX_WHOLE_READ), maxBytes < MAX_WHOLE_READ);
  }

  private byte[] read(BlobName name, long maxBytes, boolean largerIsCorrupt) {
    String key = key(Objects.requireNonNull(name, "name"));
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = shared.s3.getObject(b -> b.bucket(shared.location.bucket()).key(key));
    } catch (AwsServiceException e) {
      throw readFailure(name, e);
    } catch (SdkException e) {
      throw S3Failures.failed("reading", name, shared.location, e);
    }
    long size = in.response().contentLength();
    if (size > maxBytes) {
      if (largerIsCorrupt) {
        throw abandon(
            in,
            new CorruptObject(
                name
                    + " has "
                    + size
                    + " bytes, more than such an object can have ("
                    + maxBytes
                    + ")"));
      }
      throw abandon(
          in,
          new StorageUnavailable(
              "reading " + name + " in " + location() + ": " + size + " bytes is too large to read",
              true,
              null));
    }
    return readFully(new RangeBody(in, name, shared.location, size, true), name, (int) size);
  }

  @Override
  public byte[] getRange(BlobName name, long offset, int length) {
    return readFully(openRange(name, offset, length), name, length);
  }

  /**
   * One GET with a Range header; the body streams as it arrives ({@link RangeBody}). A range of no
   * bytes (no HTTP range names zero bytes) or past 2^63 is answered from the blob's size instead.
   */
  @Override
  public InputStream openRange(BlobName name, long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "range of " + name + " must not be negative: offset " + offset + ", length " + length);
    }
    if (length == 0 || offset > Long.MAX_VALUE - length) {
      long size = stat(name).orElseThrow(() -> noSuchBlob(name)).size();
      if (offset > size - length) {
        throw beyondEnd(name, offset, length, size);
      }
      return InputStream.nullInputStream();
    }
    String range = "bytes=" + offset + "-" + (offset + length - 1);
    ResponseInputStream<GetObjectResponse> in = getRangeResponse(name, offset, length, range);
    try {
      boolean bodyEndsWithRange = skipToRange(in, name, offset, length, range);
      return new RangeBody(in, name, shared.location, length, bodyEndsWithRange);
    } catch (IOException e) {
      throw abandon(in, S3Failures.failed("reading", name, shared.location, e));
    } catch (SdkException e) {
      throw abandon(in, S3Failures.failed("reading", name, shared.location, e));
    } catch (RuntimeException e) {
      throw abandon(in, e);
    }
  }

  /** Whether {@link #openRange} streams: it does, one request per range. */
  @Override
  public boolean streamsRanges() {
    return true;
  }

  /** The response to a GET of {@code range}; a range the server refuses (416) is past the end. */
  private ResponseInputStream<GetObjectResponse> getRangeResponse(
      BlobName name, long offset, long length, String range) {
    String key = key(name);
    try {
      return shared.s3.getObject(b -> b.bucket(shared.location.bucket()).key(key).range(range));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 416) {
        long size = stat(name).orElseThrow(() -> noSuchBlob(name)).size();
        throw beyondEnd(name, offset, length, size);
      }
      throw readFailure(name, e);
    } catch (SdkException e) {
      throw S3Failures.failed("reading", name, shared.location, e);
    }
  }

  /**
   * Checks that the response holds the range asked for and positions it at the range's first byte:
   * a server that ignored the Range header sends the whole blob, which is skipped to the offset.
   *
   * @return whether the body ends where the range does
   */
  private boolean skipToRange(
      ResponseInputStream<GetObjectResponse> in,
      BlobName name,
      long offset,
      long length,
      String range)
      throws IOException {
    GetObjectResponse response = in.response();
    String contentRange = response.contentRange();
    if (contentRange == null) {
      long size = response.contentLength();
      if (offset > size - length) {
        throw beyondEnd(name, offset, length, size);
      }
      in.skipNBytes(offset);
      return offset + length == size;
    }
    Matcher m = CONTENT_RANGE.matcher(contentRange);
    if (!m.matches()) {
      throw unexpected(name, "a malformed Content-Range '" + contentRange + "'");
    }
    long first = Long.parseLong(m.group(1));
    long last = Long.parseLong(m.group(2));
    if (!m.group(3).equals("*") && Long.parseLong(m.group(3)) < offset + length) {
      throw beyondEnd(name, offset, length, Long.parseLong(m.group(3)));
    }
    if (first != offset || last != offset + length - 1) {
      throw unexpected(name, "bytes " + first + "-" + last + " instead of " + range);
    }
    return true;
  }

  /**
   * Drops a response that will not be read (its connection with it) and returns {@code failure}.
   */
  private static <T extends RuntimeException> T abandon(
      ResponseInputStream<GetObjectResponse> in, T failure) {
    in.abort();
    try {
      in.close();
    } catch (IOException | SdkException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * All {@code length} bytes of {@code body}, which fails rather than ending early (a {@link
   * RangeBody}, or an empty stream for no bytes).
   */
  private byte[] readFully(InputStream body, BlobName name, int length) {
    try (body) {
      byte[] data = new byte[length];
      body.readNBytes(data, 0, length);
      return data;
    } catch (IOException e) {
      throw S3Failures.failed("reading", name, shared.location, e);
    }
  }

  private StorageUnavailable unexpected(BlobName name, String what) {
    return new StorageUnavailable(
        "reading " + name + " in " + location() + ": the server sent " + what, false, null);
  }

  private CorruptObject beyondEnd(BlobName name, long offset, long length, long size) {
    return BlobFailures.beyondEnd(name, offset, length, size, location());
  }

  private RuntimeException readFailure(BlobName name, AwsServiceException e) {
    if (e.statusCode() == 404 && !"NoSuchBucket".equals(S3Failures.code(e))) {
      return noSuchBlob(name);
    }
    return S3Failures.failed("reading", name, shared.location, e);
  }

  private NoSuchBlob noSuchBlob(BlobName name) {
    return BlobFailures.missing(name, location());
  }

  @Override
  public Optional<BlobInfo> stat(BlobName name) {
    return head(name).map(r -> new BlobInfo(name, r.contentLength(), storedAt(r.lastModified())));
  }

  /**
   * When S3 says the blob was stored, to the second: HEAD's Last-Modified has seconds only, and a
   * listing's finer time must compare equal to it.
   */
  private static Optional<Instant> storedAt(Instant lastModified) {
    return Optional.ofNullable(lastModified).map(t -> t.truncatedTo(ChronoUnit.SECONDS));
  }

  private Optional<HeadObjectResponse> head(BlobName name) {
    String key = key(Objects.requireNonNull(name, "name"));
    try {
      return Optional.of(shared.s3.headObject(b -> b.bucket(shared.location.bucket()).key(key)));
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Failures.failed("checking", name, shared.location, e);
    } catch (SdkException e) {
      throw S3Failures.failed("checking", name, shared.location, e);
    }
  }

  private boolean exists(String key) {
    try {
      shared.s3.headObject(b -> b.bucket(shared.location.bucket()).key(key));
      return true;
    } catch (AwsServiceException e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  /**
   * Every blob of {@code kind}, read page by page; keys under the prefix that are not a blob's
   * exact path (stray objects, a pack in the wrong fan-out folder) are skipped: {@link #get} could
   * never reach them by name.
   */
  @Override
  public List<BlobInfo> list(BlobKind kind) {
    Objects.requireNonNull(kind, "kind");
    if (kind == BlobKind.CONFIG) {
      return stat(BlobName.CONFIG).map(List::of).orElse(List.of());
    }
    S3Location location = shared.location;
    String root = location.rootKey();
    List<BlobInfo> blobs = new ArrayList<>();
    try {
      for (ListObjectsV2Response page :
          shared.s3.listObjectsV2Paginator(
              b ->
                  b.bucket(location.bucket())
                      .prefix(root + kind.folder() + "/")
                      .maxKeys(shared.listPageSize))) {
        for (S3Object object : page.contents()) {
          String path = object.key().substring(root.length());
          String name = path.substring(path.lastIndexOf('/') + 1);
          if (BlobName.isValid(kind, name) && new BlobName(kind, name).path().equals(path)) {
            blobs.add(
                new BlobInfo(
                    new BlobName(kind, name), object.size(), storedAt(object.lastModified())));
          }
        }
      }
    } catch (SdkException e) {
      throw S3Failures.failed("listing", kind.folder(), location, e);
    }
    return blobs;
  }

  /**
   * Removes the blob. On a bucket without versioning one DELETE does it. On a versioned bucket that
   * DELETE only adds a delete marker and the data stays, so every version of the object (and every
   * marker) is then deleted by its version id; a version that object lock protects is refused by
   * the server, the blob is made visible again, and the failure names the date.
   */
  @Override
  public void delete(BlobName name) {
    String key = key(Objects.requireNonNull(name, "name"));
    try {
      DeleteObjectResponse deleted =
          shared.s3.deleteObject(b -> b.bucket(shared.location.bucket()).key(key));
      if (Boolean.TRUE.equals(deleted.deleteMarker())) {
        deleteAllVersions(name, key, deleted.versionId());
      }
    } catch (SdkException e) {
      throw S3Failures.failed("deleting", name, shared.location, e);
    }
  }

  private void deleteAllVersions(BlobName name, String key, String ourMarker) {
    List<String> versions = new ArrayList<>();
    List<String> markers = new ArrayList<>();
    for (ListObjectVersionsResponse page :
        shared.s3.listObjectVersionsPaginator(
            b -> b.bucket(shared.location.bucket()).prefix(key).maxKeys(shared.listPageSize))) {
      for (ObjectVersion version : page.versions()) {
        if (version.key().equals(key)) {
          versions.add(version.versionId());
        }
      }
      for (DeleteMarkerEntry marker : page.deleteMarkers()) {
        if (marker.key().equals(key)) {
          markers.add(marker.versionId());
        }
      }
    }
    for (String version : versions) {
      try {
        deleteVersion(key, version);
      } catch (AwsServiceException e) {
        if (e.statusCode() == 403) {
          Optional<Instant> protectedUntil = lockedUntil(key, version, e);
          if (protectedUntil.isPresent()) {
            StorageUnavailable refused =
                new StorageUnavailable(
                    "deleting "
                        + name
                        + " in "
                        + location()
                        + ": "
                        + name
                        + " is protected by object lock until "
                        + protectedUntil.get(),
                    true,
                    e);
            undoMarker(key, ourMarker, refused);
            throw refused;
          }
        }
        throw e;
      }
    }
    for (String marker : markers) {
      deleteVersion(key, marker);
    }
  }

  private void deleteVersion(String key, String versionId) {
    shared.s3.deleteObject(b -> b.bucket(shared.location.bucket()).key(key).versionId(versionId));
  }

  /**
   * The retention of one version, when it is still in force; a failure to ask is added to the
   * {@code refusal} being explained.
   */
  private Optional<Instant> lockedUntil(String key, String versionId, Exception refusal) {
    try {
      Instant until =
          shared
              .s3
              .headObject(b -> b.bucket(shared.location.bucket()).key(key).versionId(versionId))
              .objectLockRetainUntilDate();
      return Optional.ofNullable(until).filter(u -> u.isAfter(shared.clock.instant()));
    } catch (SdkException e) {
      refusal.addSuppressed(e);
      return Optional.empty();
    }
  }

  /** Removes the delete marker this delete added, so a blob that stays is still readable. */
  private void undoMarker(String key, String marker, StorageUnavailable refused) {
    if (marker == null) {
      return;
    }
    try {
      deleteVersion(key, marker);
    } catch (SdkException e) {
      refused.addSuppressed(e);
    }
  }

  @Override
  public Optional<Instant> retainedUntil(BlobName name) {
    return head(name).map(HeadObjectResponse::objectLockRetainUntilDate);
  }

  @Override
  public BlobStore withRetention(Retention newRetention) {
    return new S3BlobStore(shared, Optional.of(Objects.requireNonNull(newRetention)));
  }

  @Override
  public String location() {
    return shared.location.toString();
  }

  /** Closes the connections of this store and of every view of it. */
  @Override
  public void close() {
    shared.s3.close();
  }

  private String key(BlobName name) {
    return shared.location.key(name.path());
  }
}
