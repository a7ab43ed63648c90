package dev.holdfast.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON body of an error response: {@code {"error": CODE, "message": TEXT}}, plus {@code
 * "identity"} and {@code "permission"} on a 403, naming who was refused and what they lack.
 *
 * @param code why the request failed, as sent (null when the body named an unknown code)
 * @param message one line for a person
 * @param identity the client identity refused, on a 403
 * @param permission the permission it lacks, on a 403
 */
public record ErrorBody(
    ErrorCode code, String message, Optional<String> identity, Optional<String> permission) {
  private static final JsonFactory JSON = new JsonFactory();

  /** Bodies longer than this are cut when read: an error message is one line. */
  public static final int MAX_BYTES = 8 * 1024;

  public ErrorBody {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(permission, "permission");
  }

  /** An error without identity. */
  public ErrorBody(ErrorCode code, String message) {
    this(code, message, Optional.empty(), Optional.empty());
  }

  /** The body as UTF-8 JSON. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error", code == null ? "unknown" : code.label());
      json.writeStringField("message", message);
      if (identity.isPresent()) {
        json.writeStringField("identity", identity.get());
      }
      if (permission.isPresent()) {
        json.writeStringField("permission", permission.get());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * The error in {@code body}; a body that is not such JSON (a proxy's HTML page) gives an error
   * whose message is empty and whose code comes from {@code headerCode}.
   */
  public static ErrorBody parse(byte[] body, ErrorCode headerCode) {
    ErrorCode code = headerCode;
    String message = "";
    String identity = null;
    String permission = null;
    try (JsonParser json = JSON.createParser(body)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        return new ErrorBody(headerCode, "");
      }
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        if (value != JsonToken.VALUE_STRING) {
          json.skipChildren();
          continue;
        }
        String text = json.getText();
        switch (field) {
          case "error" -> code = code != null ? code : ErrorCode.fromLabel(text);
          case "message" -> message = text;
          case "identity" -> identity = text;
          case "permission" -> permission = text;
          default -> {}
        }
      }
    } catch (IOException e) {
      return new ErrorBody(headerCode, "");
    }
    return new ErrorBody(
        code,
        SafeText.printable(message, 500),
        Optional.ofNullable(identity).map(i -> SafeText.printable(i, 200)),
        Optional.ofNullable(permission).map(p -> SafeText.printable(p, 20)));
  }
}
