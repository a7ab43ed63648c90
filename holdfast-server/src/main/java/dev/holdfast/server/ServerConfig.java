package dev.holdfast.server;

import dev.holdfast.core.UsageError;
import dev.holdfast.core.storage.BlobStore;
import dev.holdfast.server.access.AccessPolicy;
import dev.holdfast.server.access.LockOwners;
import dev.holdfast.server.protocol.RepositoryName;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link RepositoryServer} needs: where to listen, the repositories it offers (each a
 * store the caller opened and closes), who may do what in them, its TLS material and limits, and
 * where lock owners are recorded.
 *
 * @param listen address and port; port 0 picks a free one
 * @param repositories the stores offered, by name
 * @param policy the grants of every offered repository, and of no other
 */
public record ServerConfig(
    InetSocketAddress listen,
    Map<RepositoryName, BlobStore> repositories,
    AccessPolicy policy,
    ServerTls tls,
    ServerLimits limits,
    LockOwners lockOwners) {

  public ServerConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(lockOwners, "lockOwners");
    repositories = Collections.unmodifiableMap(new LinkedHashMap<>(repositories));
    if (repositories.isEmpty()) {
      throw new UsageError("the server needs at least one repository to offer");
    }
    for (RepositoryName name : repositories.keySet()) {
      if (policy.grants(name).isEmpty()) {
        throw new UsageError(
            "the access policy has no entry for repository " + name + ": nobody could use it");
      }
    }
    for (RepositoryName name : policy.repositories().keySet()) {
      if (!repositories.containsKey(name)) {
        throw new UsageError(
            "the access policy names repository " + name + ", which the server does not offer");
      }
    }
  }

  /** A server on {@code listen} with default limits and lock owners kept in memory. */
  public static ServerConfig of(
      InetSocketAddress listen,
      Map<RepositoryName, BlobStore> repositories,
      AccessPolicy policy,
      ServerTls tls) {
    return new ServerConfig(
        listen, repositories, policy, tls, ServerLimits.defaults(), LockOwners.inMemory());
  }

  /** This configuration with other limits. */
  public ServerConfig withLimits(ServerLimits newLimits) {
    return new ServerConfig(listen, repositories, policy, tls, newLimits, lockOwners);
  }

  /** This configuration with lock owners recorded in {@code owners}. */
  public ServerConfig withLockOwners(LockOwners owners) {
    return new ServerConfig(listen, repositories, policy, tls, limits, owners);
  }
}
