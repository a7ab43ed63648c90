package dev.holdfast.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.holdfast.core.storage.BlobInfo;
import dev.holdfast.core.storage.BlobKind;
import dev.holdfast.core.storage.BlobName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The body of a listing, written and read as a stream so that neither side builds the whole text:
 * {@code {"blobs":[{"name":HEX,"size":N,"modified":ISO-INSTANT}, ...]}} ({@code modified} is left
 * out when storage does not know it).
 */
public final class BlobListing {
  private static final JsonFactory JSON = new JsonFactory();

  private BlobListing() {}

  /** Writes {@code blobs} to {@code out}, leaving it open. */
  public static void write(List<BlobInfo> blobs, OutputStream out) throws IOException {
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.writeStartObject();
      json.writeArrayFieldStart("blobs");
      for (BlobInfo blob : blobs) {
        json.writeStartObject();
        json.writeStringField("name", blob.name().name());
        json.writeNumberField("size", blob.size());
        if (blob.modified().isPresent()) {
          json.writeStringField("modified", blob.modified().get().toString());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /**
   * The blobs of {@code kind} listed in {@code in}.
   *
   * @throws MalformedListing when the body is not such a listing, or names an invalid blob
   */
  public static List<BlobInfo> read(InputStream in, BlobKind kind) throws IOException {
    List<BlobInfo> blobs = new ArrayList<>();
    try (JsonParser json = JSON.createParser(in)) {
      expect(json.nextToken() == JsonToken.START_OBJECT, "an object");
      expect(json.nextToken() == JsonToken.FIELD_NAME, "\"blobs\"");
      expect("blobs".equals(json.currentName()), "\"blobs\"");
      expect(json.nextToken() == JsonToken.START_ARRAY, "an array");
      while (json.nextToken() == JsonToken.START_OBJECT) {
        blobs.add(entry(json, kind));
      }
      expect(json.currentToken() == JsonToken.END_ARRAY, "the end of the array");
    }
    return blobs;
  }

  private static BlobInfo entry(JsonParser json, BlobKind kind) throws IOException {
    String name = null;
    long size = -1;
    Optional<Instant> modified = Optional.empty();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken value = json.nextToken();
      switch (field) {
        case "name" -> {
          expect(value == JsonToken.VALUE_STRING, "a string name");
          name = json.getText();
        }
        case "size" -> {
          expect(value == JsonToken.VALUE_NUMBER_INT, "an integer size");
          size = json.getLongValue();
        }
        case "modified" -> {
          expect(value == JsonToken.VALUE_STRING, "an instant");
          try {
            modified = Optional.of(Instant.parse(json.getText()));
          } catch (DateTimeParseException e) {
            throw new MalformedListing(
                "a malformed time '" + SafeText.printable(json.getText(), 40) + "'");
          }
        }
        default -> json.skipChildren();
      }
    }
    expect(name != null && BlobName.isValid(kind, name), "a valid " + kind.folder() + " name");
    expect(size >= 0, "a size");
    return new BlobInfo(new BlobName(kind, name), size, modified);
  }

  private static void expect(boolean condition, String what) throws MalformedListing {
    if (!condition) {
      throw new MalformedListing("expected " + what);
    }
  }

  /** A listing body that does not follow the protocol. */
  public static final class MalformedListing extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedListing(String message) {
      super(message);
    }
  }
}
