package dev.holdfast.operator.testing;

import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The mock API server's answer to a {@code pods/exec} request: a websocket of its own for every
 * request, on which the scripted frames (output on channel 1, the exit status on channel 3) are
 * written in order as soon as it opens, and which the server then closes, or keeps open until the
 * client closes it (a command that hangs).
 *
 * <p>Why not the mock's {@code andUpgradeToWebSocket().open(...)}: its session sends each message
 * from a timer thread, and after each send closes every socket of the session once no message is
 * pending. A send that fires before the next message was registered (the timer runs while {@code
 * onOpen} still queues) finds none pending and closes the socket, so the exec ends without its exit
 * status; and all requests of one expectation share one session, so one exec's end can close
 * another's socket. This answer has no timer and no shared state.
 */
final class ExecSocket implements ServerResponse {
  private static final String PROTOCOL_HEADER = "sec-websocket-protocol";

  private final List<byte[]> frames;
  private final boolean ends;

  private ExecSocket(List<byte[]> frames, boolean ends) {
    this.frames = frames;
    this.ends = ends;
  }

  /** A command that prints {@code output} and exits {@code exitCode}. */
  static ExecSocket exits(String output, int exitCode) {
    List<byte[]> frames = new ArrayList<>();
    if (!output.isEmpty()) {
      frames.add(new OutputStreamMessage(output).getBytes());
    }
    frames.add(new StatusStreamMessage(exitCode).getBytes());
    return new ExecSocket(List.copyOf(frames), true);
  }

  /** A command that prints {@code output} and never ends. */
  static ExecSocket hangs(String output) {
    return new ExecSocket(List.of(new OutputStreamMessage(output).getBytes()), false);
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public MockResponse toMockResponse(RecordedRequest request) {
    MockResponse response =
        new MockResponse()
            .setHttpVersion(request.getHttpVersion())
            .setResponseCode(101)
            .withWebSocketUpgrade(new Script());
    // the client asks for a channel protocol (v4.channel.k8s.io); the server names the one it took
    String protocol = request.getHeaders().get(PROTOCOL_HEADER);
    if (protocol != null) {
      response.addHeader(PROTOCOL_HEADER, protocol);
    }
    return response;
  }

  /** One exec's socket: writes the frames in order on open, then ends if the command ends. */
  private final class Script extends WebSocketListener {
    @Override
    public void onOpen(WebSocket socket, Response response) {
      for (byte[] frame : frames) {
        socket.send(frame);
      }
      if (ends) {
        socket.close(1000, "command ended");
      }
    }

    @Override
    public void onClosing(WebSocket socket, int code, String reason) {
      socket.close(code, reason);
    }
  }
}
