package dev.holdfast.server.metrics;

import dev.holdfast.server.protocol.RepositoryName;
import dev.holdfast.server.protocol.Resource;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import java.nio.ByteBuffer;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.EventsHandler;

/**
 * Counts requests in {@link ServerMetrics} from Jetty's request events: a request is classified
 * once, before it is handled (its repository, if offered, and its operation), its body bytes are
 * added as they are read and written, and its outcome is counted when it completes, whatever
 * answered it (the repository handler, the request queue's 503, a cut connection).
 */
final class CountingHandler extends EventsHandler {
  private static final String TALLY = CountingHandler.class.getName() + ".tally";

  private final ServerMetrics metrics;
  private final Set<RepositoryName> offered;

  CountingHandler(Handler inner, ServerMetrics metrics, Set<RepositoryName> offered) {
    super(inner);
    this.metrics = metrics;
    this.offered = Set.copyOf(offered);
  }

  /** What is known of one request while it runs. */
  private record Tally(
      String repository, Operation operation, CounterDataPoint received, CounterDataPoint sent) {}

  @Override
  protected void onBeforeHandling(Request request) {
    String repository = ServerMetrics.NO_REPOSITORY;
    Operation operation = Operation.OTHER;
    try {
      Resource resource = Resource.parse(request.getHttpURI().getPath());
      if (offered.contains(resource.repository())) {
        repository = resource.repository().value();
      }
      operation = Operation.of(request.getMethod(), resource);
    } catch (IllegalArgumentException e) {
      // a malformed path: the handler answers 400, counted as no repository, operation other
    }
    request.setAttribute(
        TALLY,
        new Tally(repository, operation, metrics.received(repository), metrics.sent(repository)));
    metrics.started();
  }

  @Override
  protected void onRequestRead(Request request, Content.Chunk chunk) {
    Tally tally = tally(request);
    if (tally != null && chunk != null && !Content.Chunk.isFailure(chunk)) {
      tally.received().inc(chunk.remaining());
    }
  }

  @Override
  protected void onResponseWrite(Request request, boolean last, ByteBuffer content) {
    Tally tally = tally(request);
    if (tally != null && content != null) {
      tally.sent().inc(content.remaining());
    }
  }

  @Override
  protected void onComplete(Request request, int status, HttpFields headers, Throwable failure) {
    Tally tally = tally(request);
    if (tally != null) {
      metrics.finished(tally.repository(), tally.operation(), Outcome.of(status, failure != null));
    }
  }

  private static Tally tally(Request request) {
    return request.getAttribute(TALLY) instanceof Tally tally ? tally : null;
  }
}
