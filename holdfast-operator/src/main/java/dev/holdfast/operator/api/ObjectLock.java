package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * S3 Object Lock for the blobs backups write: until the retention ends, not even the credentials
 * that wrote them can delete or overwrite them.
 *
 * @param mode {@code governance} or {@code compliance}, as S3 defines them
 * @param days how long each blob stays locked
 */
public record ObjectLock(
    @Required @Pattern("^(governance|compliance)$") String mode,
    @Required @Min(1) @Max(36500) Integer days) {}
