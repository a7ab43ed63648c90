package dev.holdfast.operator.api;

import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * The certificate in the Secret now.
 *
 * @param observedGeneration the spec generation this status describes
 * @param serial its serial number (hex)
 * @param notBefore start of validity (RFC 3339)
 * @param notAfter end of validity
 * @param renewalTime when it will be renewed
 * @param revision how many times it was issued
 * @param lastRolloutTime when workloads were last rolled for it
 * @param rolledWorkloads the workloads rolled, as {@code KIND/NAME}
 * @param conditions {@code Ready}
 * @param lastRotateNow the value of the {@code holdfast.dev/rotate-now} annotation last acted on,
 *     so that each new value re-issues the certificate once
 * @param trustBundle the serial numbers (hex, sorted, comma-separated) of the CA certificates in
 *     the Secret's {@code ca.crt} once the workloads were rolled for them (or would have been, with
 *     {@code rollout: false}): when the Secret's bundle trusts another set of CAs (a CA rotation),
 *     they are rolled again
 */
public record ManagedCertificateStatus(
    Long observedGeneration,
    String serial,
    String notBefore,
    String notAfter,
    String renewalTime,
    Integer revision,
    String lastRolloutTime,
    List<String> rolledWorkloads,
    List<Condition> conditions,
    String lastRotateNow,
    String trustBundle) {}
