package dev.holdfast.server.access;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.holdfast.core.UsageError;
import dev.holdfast.server.protocol.RepositoryName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may do what in each repository a server offers, read from a JSON policy file (docs/SERVER.md,
 * "Policy file"):
 *
 * <pre>{@code
 * {"repositories": {
 *    "main": {"read":   ["spiffe://holdfast/agent/node-1", "spiffe://holdfast/restore"],
 *             "append": ["spiffe://holdfast/agent/node-1"],
 *             "delete": ["spiffe://holdfast/maintenance"]}}}
 * }</pre>
 *
 * Parsing is strict: an unknown key, permission or a duplicate is an error, never ignored.
 */
public final class AccessPolicy {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<RepositoryName, RepositoryGrants> repositories;

  private AccessPolicy(Map<RepositoryName, RepositoryGrants> repositories) {
    this.repositories = Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
  }

  /** A policy of the given grants. */
  public static AccessPolicy of(Map<RepositoryName, RepositoryGrants> repositories) {
    return new AccessPolicy(Objects.requireNonNull(repositories, "repositories"));
  }

  /**
   * Reads the policy file at {@code file}.
   *
   * @throws UsageError naming the file and what is wrong in it
   */
  public static AccessPolicy read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UsageError("cannot read the access policy " + file + ": " + e.getMessage(), e);
    }
    return parse(bytes, file.toString());
  }

  /**
   * Parses a policy; {@code source} names it in errors.
   *
   * @throws UsageError naming {@code source} and what is wrong in it
   */
  public static AccessPolicy parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new UsageError(
          "access policy " + source + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UsageError("cannot read the access policy " + source + ": " + e.getMessage(), e);
    }
    try {
      return fromTree(root);
    } catch (IllegalArgumentException e) {
      throw new UsageError("access policy " + source + ": " + e.getMessage(), e);
    }
  }

  private static AccessPolicy fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected an object with \"repositories\"");
    }
    for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("repositories")) {
        throw new IllegalArgumentException("unknown key \"" + key + "\"");
      }
    }
    JsonNode repos = root.get("repositories");
    if (repos == null || !repos.isObject()) {
      throw new IllegalArgumentException("\"repositories\" must be an object");
    }
    Map<RepositoryName, RepositoryGrants> grants = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = repos.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> repo = it.next();
      RepositoryName name = new RepositoryName(repo.getKey());
      grants.put(name, grantsOf(name, repo.getValue()));
    }
    return new AccessPolicy(grants);
  }

  private static RepositoryGrants grantsOf(RepositoryName repo, JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("repository " + repo + " must be an object");
    }
    RepositoryGrants grants = RepositoryGrants.none();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Permission permission;
      try {
        permission = Permission.parse(entry.getKey());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("repository " + repo + ": " + e.getMessage(), e);
      }
      if (!entry.getValue().isArray()) {
        throw new IllegalArgumentException(
            "repository " + repo + ": \"" + permission.label() + "\" must be a list of identities");
      }
      for (JsonNode identity : entry.getValue()) {
        if (!identity.isTextual()) {
          throw new IllegalArgumentException(
              "repository " + repo + ": identities must be strings, found " + identity);
        }
        grants = grants.allow(new ClientIdentity(identity.textValue()), permission);
      }
    }
    return grants;
  }

  /** The grants of {@code repository}, or empty when the policy does not name it. */
  public Optional<RepositoryGrants> grants(RepositoryName repository) {
    return Optional.ofNullable(repositories.get(repository));
  }

  /** Every repository the policy names. */
  public Map<RepositoryName, RepositoryGrants> repositories() {
    return repositories;
  }
}
