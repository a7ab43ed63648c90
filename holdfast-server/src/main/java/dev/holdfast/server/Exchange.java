package dev.holdfast.server;

import dev.holdfast.server.access.Refusal;
import dev.holdfast.server.protocol.ErrorBody;
import dev.holdfast.server.protocol.ErrorCode;
import dev.holdfast.server.protocol.Headers;
import dev.holdfast.server.protocol.SafeText;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** One request and its response, with the ways this server answers: JSON, errors, no body. */
final class Exchange {
  final Request request;
  final Response response;
  final Callback callback;

  Exchange(Request request, Response response, Callback callback) {
    this.request = request;
    this.response = response;
    this.callback = callback;
  }

  String method() {
    return request.getMethod();
  }

  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** Answers {@code status} with no body. */
  void empty(int status) {
    response.setStatus(status);
    if (status != 204) { // a 204 carries no length (RFC 9110, 8.6)
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
    }
    callback.succeeded();
  }

  /** Answers {@code status} with a JSON body. */
  void json(int status, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Headers.JSON);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /** Answers an error; the code also goes into a header, for HEAD requests which have no body. */
  void error(int status, ErrorCode code, String message) {
    error(status, new ErrorBody(code, message));
  }

  /** Answers 403 naming the identity and the permission it lacks. */
  void forbidden(Refusal refusal) {
    error(
        403,
        new ErrorBody(
            ErrorCode.FORBIDDEN,
            refusal.message(),
            Optional.of(refusal.identity().value()),
            Optional.of(refusal.missing().label())));
  }

  void error(int status, ErrorBody body) {
    response.getHeaders().put(Headers.ERROR, body.code().label());
    response
        .getHeaders()
        .put(
            Headers.ERROR_MESSAGE,
            SafeText.printable(body.message(), 500).replaceAll("[^ -~]", "?"));
    if (method().equals("HEAD")) {
      empty(status);
    } else {
      json(status, body.toJson());
    }
  }
}
