package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * The desired repository.
 *
 * @param url where the repository is: {@code s3:https://HOST[:PORT]/BUCKET[/PREFIX]}, {@code
 *     s3:BUCKET[/PREFIX]} (AWS), {@code https://HOST:PORT/NAME} (a Holdfast repository server), or
 *     an absolute path inside the operator's pod
 * @param passwordSecretRef the Secret key that holds the repository passphrase
 * @param credentialsSecretRef for S3: a Secret with keys {@code accessKeyId} and {@code
 *     secretAccessKey}; absent means the SDK's default chain (IRSA, instance roles)
 * @param region the S3 region (default {@code us-east-1})
 * @param pathStyle S3 path-style addressing (needed by most non-AWS servers)
 * @param caBundleSecretRef a Secret key holding PEM certificates to trust for the storage endpoint
 * @param insecureHttp allows an {@code s3:http://} endpoint: data is still encrypted, but requests
 *     and their signatures travel in clear text (for a test bucket on loopback only)
 * @param objectLock S3 Object Lock for the data backups write (ransomware protection), set when the
 *     operator creates the repository
 * @param checkInterval how often the operator checks that the repository is reachable and counts
 *     its snapshots (default 1h)
 */
public record BackupRepositorySpec(
    @Required @Pattern("^(s3:|https://|/).+$") String url,
    @Required SecretKeyReference passwordSecretRef,
    SecretReference credentialsSecretRef,
    String region,
    Boolean pathStyle,
    SecretKeyReference caBundleSecretRef,
    Boolean insecureHttp,
    ObjectLock objectLock,
    @Pattern(DnsNames.DURATION) String checkInterval) {}
