package dev.holdfast.operator.certs;

import dev.holdfast.operator.kube.EventRecorder;
import dev.holdfast.operator.kube.KubeTimes;
import dev.holdfast.tls.authority.IssuedLeaf;
import dev.holdfast.tls.authority.RotationPhase;
import dev.holdfast.tls.authority.RotationProgress;
import dev.holdfast.tls.authority.RotationState;
import dev.holdfast.tls.material.Certificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes the steps of a staged rotation of the cluster CA, the state machine of holdfast-tls's
 * {@link RotationState} kept in the CA's Secret (docs/TLS.md, "CA rotation"; docs/DESIGN.md,
 * "Rotating the cluster CA"). A rotation begins by itself once the CA passes {@link
 * CaRotationSettings#rotateAt()}, or when the CA Secret's annotation {@value #ROTATE} gets a new
 * value; each later step is taken once it is safe: INTRODUCING → REISSUING after the propagation
 * delay, REISSUING → RETIRING once no ManagedCertificate Secret holds a valid leaf of the old CA
 * and the last leaf it signed has expired, RETIRING → STABLE after the propagation delay. Each new
 * value of {@value #FORCE_STEP} takes the next step at once, without waiting: the emergency path.
 *
 * <p>Every step is one update of the CA Secret at the resource version it was read at, so a second
 * replica or a retry that read the same version is refused by the API server and decides again on
 * what the Secret holds then: the CA never forks. Events on the Secret tell each step; they never
 * carry key material.
 */
final class CaRotation {
  /** The CA Secret's annotation whose every new value begins a staged rotation. */
  static final String ROTATE = "holdfast.dev/rotate-ca";

  /** The CA Secret's annotation whose every new value takes the next step at once. */
  static final String FORCE_STEP = "holdfast.dev/force-ca-step";

  /** The {@value #ROTATE} value last acted on. */
  static final String ROTATED_FOR = "holdfast.dev/rotated-ca-for";

  /** The {@value #FORCE_STEP} value last acted on. */
  static final String FORCED_FOR = "holdfast.dev/forced-ca-step-for";

  /**
   * In REISSUING, when the last leaf the old CA signed expires (RFC 3339): until then a workload
   * may still serve it from memory although its Secret holds a new one, so the old CA stays
   * trusted.
   */
  static final String LEAVES_UNTIL = "holdfast.dev/previous-ca-leaves-until";

  private static final int ATTEMPTS = 3;

  private final ClusterAuthority authority;
  private final CaRotationSettings settings;
  private final LeavesOfCa leaves;
  private final EventRecorder events;
  private final Clock clock;

  CaRotation(
      ClusterAuthority authority,
      CaRotationSettings settings,
      LeavesOfCa leaves,
      EventRecorder events,
      Clock clock) {
    this.authority = authority;
    this.settings = settings;
    this.leaves = leaves;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Reads the CA Secret and takes the step that is due, if any.
   *
   * @return the rotation state after it; empty while there is no CA yet
   */
  Optional<RotationState> check() {
    for (int attempt = 1; ; attempt++) {
      Secret secret = authority.read();
      if (secret == null) {
        return Optional.empty(); // made on first use by the ManagedCertificate reconciler
      }
      try {
        return Optional.of(check(secret));
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        // changed since it was read (another replica's step, a user's annotation): decide again
      }
    }
  }

  /**
   * Takes the step due for {@code secret}, the CA Secret as read, writing at its resource version.
   *
   * @throws KubernetesClientException with code 409 when the Secret changed since it was read
   */
  RotationState check(Secret secret) {
    CaSecretContent content = authority.content(secret);
    RotationState state = content.state();
    Instant now = clock.instant();
    String force = TlsSecrets.annotation(secret, FORCE_STEP);
    boolean forced = force != null && !force.equals(TlsSecrets.annotation(secret, FORCED_FOR));
    String request = TlsSecrets.annotation(secret, ROTATE);
    boolean requested =
        request != null && !request.equals(TlsSecrets.annotation(secret, ROTATED_FOR));
    // every write records the values seen, so that each is acted on once
    Map<String, String> annotations = new HashMap<>();
    annotations.put(ROTATED_FOR, request);
    annotations.put(FORCED_FOR, force);
    String forcedBy = FORCE_STEP + "=" + force;

    if (state.phase() == RotationPhase.STABLE) {
      String why =
          forced
              ? "it was forced (" + forcedBy + ")"
              : requested ? "it was requested (" + ROTATE + "=" + request + ")" : due(content, now);
      return why == null ? state : begin(secret, content, annotations, why, forced, forcedBy, now);
    }
    Optional<String> waiting = waiting(secret, content, now);
    if (waiting.isEmpty() || forced) {
      return advance(secret, content, annotations, forced, forcedBy, now);
    }
    if (requested) {
      authority.replace(content.writeInto(secret, annotations));
      events.normal(
          secret,
          "CaRotationUnderWay",
          ROTATE
              + "="
              + request
              + ": a CA rotation is under way already ("
              + state.phase()
              + "); "
              + waiting.get());
    }
    return state;
  }

  /** Makes the next CA generation and writes it into the bundle beside the one that signs. */
  private RotationState begin(
      Secret secret,
      CaSecretContent content,
      Map<String, String> annotations,
      String why,
      boolean forced,
      String forcedBy,
      Instant now) {
    RotationState introducing = content.state().begin(now);
    ClusterAuthority.NewGeneration made = authority.newGeneration(introducing.current());
    authority.replace(
        content
            .begin(introducing, made.certificate(), made.encryptedKey())
            .writeInto(secret, annotations));
    announce(
        secret,
        forced,
        forcedBy,
        "CaRotationStarted",
        "CA rotation began because "
            + why
            + ": CA generation "
            + introducing.current()
            + ", "
            + Certificates.describe(made.certificate())
            + " valid until "
            + KubeTimes.format(made.certificate().getNotAfter().toInstant())
            + ", joined the trust bundle; "
            + RotationProgress.of(introducing, settings.propagationDelay(), List.of()).describe());
    return introducing;
  }

  /** Takes the step after the current phase and says what it did. */
  private RotationState advance(
      Secret secret,
      CaSecretContent content,
      Map<String, String> annotations,
      boolean forced,
      String forcedBy,
      Instant now) {
    RotationState state = content.state();
    RotationState next = state.advanced(now);
    String message;
    if (next.phase() == RotationPhase.REISSUING) {
      List<IssuedLeaf> old =
          leaves.valid(content.certificates().get(state.previous()), state.previous(), now);
      Instant until = old.isEmpty() ? now : old.get(old.size() - 1).notAfter();
      annotations.put(LEAVES_UNTIL, KubeTimes.format(until));
      message =
          "CA generation "
              + next.current()
              + " signs now and every ManagedCertificate is re-issued under it; generation "
              + next.previous()
              + " stays trusted until the last leaf it signed expires ("
              + KubeTimes.format(until)
              + ")";
    } else if (next.phase() == RotationPhase.RETIRING) {
      message =
          "CA generation "
              + next.previous()
              + "'s key was deleted and it left the trust bundle; "
              + RotationProgress.of(next, settings.propagationDelay(), List.of()).describe();
    } else {
      annotations.put(LEAVES_UNTIL, null);
      message =
          "CA rotation finished: generation "
              + next.current()
              + " is the only CA, generation "
              + state.previous()
              + "'s certificate is gone";
    }
    authority.replace(content.advanced(next).writeInto(secret, annotations));
    announce(
        secret,
        forced,
        forcedBy,
        next.phase() == RotationPhase.STABLE ? "CaRotationFinished" : "CaRotationAdvanced",
        message);
    return next;
  }

  /** Why a rotation is due by the CA's age, or null while it is not. */
  private String due(CaSecretContent content, Instant now) {
    X509Certificate ca = content.signingCertificate();
    Instant at = settings.rotateAt().renewAt(ca);
    if (now.isBefore(at)) {
      return null;
    }
    return "CA generation "
        + content.state().current()
        + " passed the rotation point ("
        + settings.rotateAt().describe()
        + ", "
        + KubeTimes.format(at)
        + "; it expires at "
        + KubeTimes.format(ca.getNotAfter().toInstant())
        + ")";
  }

  /** What the next step waits for, or empty when it may be taken now. */
  private Optional<String> waiting(Secret secret, CaSecretContent content, Instant now) {
    RotationState state = content.state();
    if (state.phase() != RotationPhase.REISSUING) {
      RotationProgress progress =
          RotationProgress.of(state, settings.propagationDelay(), List.of());
      return progress.canAdvance(now) ? Optional.empty() : Optional.of(progress.describe());
    }
    X509Certificate old = content.certificates().get(state.previous());
    List<IssuedLeaf> blocking = leaves.valid(old, state.previous(), now);
    if (!blocking.isEmpty()) {
      IssuedLeaf last = blocking.get(blocking.size() - 1);
      return Optional.of(
          blocking.size()
              + " ManagedCertificate Secrets still hold a valid leaf of CA generation "
              + state.previous()
              + " (such as "
              + blocking.get(0).subject()
              + "), the last valid until "
              + KubeTimes.format(last.notAfter())
              + "; they are re-issued under generation "
              + state.current()
              + " at their next reconciliation");
    }
    Optional<Instant> until = KubeTimes.parse(TlsSecrets.annotation(secret, LEAVES_UNTIL));
    if (until.isPresent() && now.isBefore(until.get())) {
      return Optional.of(
          "every ManagedCertificate Secret holds a leaf of CA generation "
              + state.current()
              + ", but a workload may still serve a leaf of generation "
              + state.previous()
              + " from memory until "
              + KubeTimes.format(until.get())
              + ", when the last one expires; generation "
              + state.previous()
              + " stays trusted until then");
    }
    return Optional.empty();
  }

  private void announce(
      Secret secret, boolean forced, String forcedBy, String reason, String message) {
    if (forced) {
      events.warning(
          secret,
          "CaRotationForced",
          "step forced (" + forcedBy + "), without waiting: " + message);
    } else {
      events.normal(secret, reason, message);
    }
  }
}
