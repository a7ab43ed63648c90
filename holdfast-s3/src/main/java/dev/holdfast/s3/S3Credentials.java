package dev.holdfast.s3;

import java.util.Objects;

/**
 * How Holdfast signs its requests to S3: with the AWS SDK's default chain (the {@code AWS_*}
 * environment variables, the shared credentials file, web identity, container or instance roles),
 * or with an access key given to Holdfast. The secret never appears in {@code toString()}.
 */
public sealed interface S3Credentials {

  /** The AWS SDK's default credentials chain. */
  static S3Credentials defaultChain() {
    return new DefaultChain();
  }

  /** An access key id and its secret. */
  static S3Credentials accessKey(String accessKeyId, String secretAccessKey) {
    return new AccessKey(accessKeyId, secretAccessKey);
  }

  /** The AWS SDK's default credentials chain. */
  record DefaultChain() implements S3Credentials {}

  /** A static access key; {@link #toString()} shows the id only. */
  record AccessKey(String accessKeyId, String secretAccessKey) implements S3Credentials {
    public AccessKey {
      Objects.requireNonNull(accessKeyId, "accessKeyId");
      Objects.requireNonNull(secretAccessKey, "secretAccessKey");
      if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
        throw new IllegalArgumentException("an S3 access key needs both an id and a secret");
      }
    }

    @Override
    public String toString() {
      return "AccessKey[accessKeyId=" + accessKeyId + ", secretAccessKey=(hidden)]";
    }
  }
}
