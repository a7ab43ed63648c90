package dev.holdfast.server.access;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which identities hold which {@link Permission} in one repository. Immutable; nothing is granted
 * unless listed (no wildcards).
 */
public final class RepositoryGrants {
  private static final RepositoryGrants NONE =
      new RepositoryGrants(new EnumMap<>(Permission.class));

  private final Map<Permission, Set<ClientIdentity>> grants;

  private RepositoryGrants(Map<Permission, Set<ClientIdentity>> grants) {
    this.grants = grants;
  }

  /** Grants to nobody. */
  public static RepositoryGrants none() {
    return NONE;
  }

  /** These grants plus {@code permissions} for {@code identity}. */
  public RepositoryGrants allow(ClientIdentity identity, Permission... permissions) {
    Map<Permission, Set<ClientIdentity>> more = new EnumMap<>(Permission.class);
    for (Permission permission : Permission.values()) {
      more.put(permission, new LinkedHashSet<>(holders(permission)));
    }
    for (Permission permission : permissions) {
      more.get(permission).add(identity);
    }
    more.replaceAll((p, ids) -> Collections.unmodifiableSet(ids));
    return new RepositoryGrants(more);
  }

  /** True when {@code identity} holds {@code permission}. */
  public boolean allows(ClientIdentity identity, Permission permission) {
    return holders(permission).contains(identity);
  }

  /** True when {@code identity} holds any permission here: it may know the repository exists. */
  public boolean knows(ClientIdentity identity) {
    for (Permission permission : Permission.values()) {
      if (allows(identity, permission)) {
        return true;
      }
    }
    return false;
  }

  /** The identities holding {@code permission}. */
  public Set<ClientIdentity> holders(Permission permission) {
    return grants.getOrDefault(permission, Set.of());
  }

  @Override
  public String toString() {
    return grants.toString();
  }
}
