package dev.holdfast.server.remote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/**
 * What a server says about one repository ({@code GET /NAME/}).
 *
 * @param objectLock whether its storage keeps blobs immutable on request (S3 object lock)
 * @param maxBlobBytes the largest blob the server accepts
 */
public record RepositoryDescription(boolean objectLock, long maxBlobBytes) {
  private static final JsonFactory JSON = new JsonFactory();

  static RepositoryDescription parse(InputStream body) throws IOException {
    boolean objectLock = false;
    long maxBlobBytes = -1;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the repository description is not a JSON object");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (field.equals("objectLock") && value.isBoolean()) {
          objectLock = json.getBooleanValue();
        } else if (field.equals("maxBlobBytes") && value == JsonToken.VALUE_NUMBER_INT) {
          maxBlobBytes = json.getLongValue();
        } else {
          json.skipChildren();
        }
      }
    }
    return new RepositoryDescription(objectLock, maxBlobBytes);
  }
}
