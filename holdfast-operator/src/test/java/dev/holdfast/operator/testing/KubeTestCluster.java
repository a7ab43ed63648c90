package dev.holdfast.operator.testing;

import dev.holdfast.operator.HoldfastOperator;
import dev.holdfast.operator.LeaderElection;
import dev.holdfast.operator.OperatorSettings;
import dev.holdfast.operator.agent.AgentSettings;
import dev.holdfast.operator.agent.HoldfastAgent;
import dev.holdfast.operator.hooks.ApiServerPodExec;
import dev.holdfast.operator.hooks.PodExec;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.dsl.MockServerExpectation;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A Kubernetes API for tests: fabric8's mock server in CRUD mode (it stores what is created and
 * serves lists, watches and patches, but runs no controllers, no kubelet and no admission), loaded
 * with the CustomResourceDefinitions the build generated from {@code dev.holdfast.operator.api}.
 * What CRUD cannot answer can be scripted with {@link #expect()}; a pod's {@code exec} with {@link
 * Workloads#execAnswers} (over a real websocket, for tests of {@link ApiServerPodExec}), or in
 * process with {@link ScriptedPodExec} given to {@link #startOperator(OperatorSettings, PodExec)}.
 */
public final class KubeTestCluster implements AutoCloseable {
  /** The plural names of every Holdfast resource, as the generated CRD files are named. */
  public static final List<String> PLURALS =
      List.of(
          "backuprepositories",
          "backuppolicies",
          "backups",
          "restores",
          "securityreports",
          "managedcertificates");

  /** How long {@link #await} waits for a condition before the test fails. */
  public static final Duration PATIENCE = Duration.ofSeconds(60);

  private final KubernetesMockServer server;
  private final Map<ServerRequest, Queue<ServerResponse>> expectations;
  private final NamespacedKubernetesClient client;
  private final List<AutoCloseable> started = new ArrayList<>();

  private KubeTestCluster(
      KubernetesMockServer server, Map<ServerRequest, Queue<ServerResponse>> expectations) {
    this.server = server;
    this.expectations = expectations;
    this.client = server.createClient();
  }

  /** Starts a mock API server on loopback with Holdfast's CRDs installed. */
  public static KubeTestCluster start() {
    // read by the server's threads while a test adds answers
    Map<ServerRequest, Queue<ServerResponse>> expectations = new ConcurrentHashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            expectations,
            new KubernetesMixedDispatcher(expectations),
            false);
    server.init();
    KubeTestCluster cluster = new KubeTestCluster(server, expectations);
    for (CustomResourceDefinition crd : generatedDefinitions()) {
      cluster.client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }
    return cluster;
  }

  /** The CustomResourceDefinitions the build generated, read from the classpath. */
  public static List<CustomResourceDefinition> generatedDefinitions() {
    List<CustomResourceDefinition> result = new ArrayList<>();
    for (String plural : PLURALS) {
      String resource = "META-INF/fabric8/" + plural + ".holdfast.dev-v1.yml";
      try (InputStream in = KubeTestCluster.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("the build generated no " + resource);
        }
        String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        result.add(
            io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
                yaml, CustomResourceDefinition.class));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return result;
  }

  /** A client of the mock server. */
  public KubernetesClient client() {
    return client;
  }

  /** A new client of the mock server, e.g. for a second process such as a node agent. */
  public NamespacedKubernetesClient newClient() {
    NamespacedKubernetesClient another = server.createClient();
    started.add(another);
    return another;
  }

  /**
   * Scripts an answer CRUD mode cannot give, such as the websocket of {@code pods/exec}; requests
   * without a scripted answer are served from the CRUD store.
   */
  public MockServerExpectation expect() {
    return server.expect();
  }

  /** Answers every {@code GET path} (an exec's websocket upgrade) with {@code answer}. */
  void answer(String path, ExecSocket answer) {
    Queue<ServerResponse> queue = new ConcurrentLinkedQueue<>();
    queue.add(answer);
    expectations.put(new SimpleRequest(HttpMethod.GET, path), queue);
  }

  /**
   * Writes a kubeconfig for this server to {@code file}, for a process that reads one ({@code
   * holdfast operator --kubeconfig}).
   */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: mock",
            "  cluster: {server: '" + client.getMasterUrl() + "'}",
            "users:",
            "- name: tester",
            "  user: {token: not-checked-by-the-mock}",
            "contexts:",
            "- name: mock",
            "  context: {cluster: mock, user: tester, namespace: default}",
            "current-context: mock",
            "");
    return Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  /** The paths of the requests the server answered since this was last called, in order. */
  public List<String> takeRequestPaths() {
    List<String> paths = new ArrayList<>();
    try {
      for (var r = server.takeRequest(0, TimeUnit.MILLISECONDS);
          r != null;
          r = server.takeRequest(0, TimeUnit.MILLISECONDS)) {
        paths.add(r.getPath());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return paths;
  }

  /** How many requests the server has answered so far. */
  public int requestCount() {
    return server.getRequestCount();
  }

  /**
   * Starts the operator against this server with server-side apply off (the mock does not implement
   * it); it is stopped when the cluster closes, unless stopped before.
   */
  public HoldfastOperator startOperator(OperatorSettings settings) {
    return startOperator(settings, Optional.empty());
  }

  /**
   * Starts the operator as {@link #startOperator(OperatorSettings)} does, with hooks run through
   * {@code exec} (normally a {@link ScriptedPodExec}) instead of the mock's {@code pods/exec}.
   */
  public HoldfastOperator startOperator(OperatorSettings settings, PodExec exec) {
    return startOperator(settings, Optional.empty(), Optional.of(exec));
  }

  /** Starts an operator replica that reconciles only while it holds the lease {@code election}. */
  public HoldfastOperator startOperator(
      OperatorSettings settings, Optional<LeaderElection> election) {
    return startOperator(settings, election, Optional.empty());
  }

  private HoldfastOperator startOperator(
      OperatorSettings settings, Optional<LeaderElection> election, Optional<PodExec> exec) {
    if (election.isPresent()) {
      allowLeases();
    }
    NamespacedKubernetesClient own = newClient();
    HoldfastOperator operator =
        HoldfastOperator.start(
            own,
            settings.withServerSideApply(false),
            election,
            exec.orElseGet(() -> new ApiServerPodExec(own)));
    started.add(operator);
    return operator;
  }

  /**
   * Starts the node agent of {@code settings.nodeName()} against this server (server-side apply
   * off); it is stopped when the cluster closes, unless stopped before.
   */
  public HoldfastAgent startAgent(AgentSettings settings) {
    HoldfastAgent agent = HoldfastAgent.start(newClient(), settings.withServerSideApply(false));
    started.add(agent);
    return agent;
  }

  /**
   * Answers the RBAC self-check JOSDK makes before leader election (a SelfSubjectRulesReview, which
   * CRUD mode cannot evaluate) with the Lease rights the chart's Role grants.
   */
  private void allowLeases() {
    SelfSubjectRulesReview review =
        new SelfSubjectRulesReviewBuilder()
            .withNewMetadata()
            .endMetadata()
            .withNewStatus()
            .withIncomplete(false)
            .addNewResourceRule()
            .withApiGroups("coordination.k8s.io")
            .withResources("leases")
            .withVerbs("get", "create", "update")
            .endResourceRule()
            .endStatus()
            .build();
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review)
        .always();
  }

  /** Creates namespace {@code name}. */
  public void namespace(String name) {
    client
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
        .create();
  }

  /** Creates an Opaque Secret with string values. */
  public void secret(String namespace, String name, Map<String, String> values) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withType("Opaque")
                .withStringData(values)
                .build())
        .create();
  }

  /**
   * Polls {@code probe} until {@code done} accepts its value, and returns that value; fails the
   * test naming {@code what} after {@link #PATIENCE}. A wait for a state, not a timing assertion.
   */
  public static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = probe.get();
      if (last != null && done.test(last)) {
        return last;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
    throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
    client.close();
    server.destroy();
  }
}
