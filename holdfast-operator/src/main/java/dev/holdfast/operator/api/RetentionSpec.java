package dev.holdfast.operator.api;

import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/**
 * Which snapshots of each claim are kept; the rules mean exactly what {@code holdfast forget}'s
 * (and restic's) mean. Pinned snapshots and the newest {@code keepLastClean} clean ones are always
 * kept.
 *
 * @param keepLast the newest N snapshots
 * @param keepHourly the newest snapshot of each of the last N hours that have one
 * @param keepDaily likewise per day
 * @param keepWeekly likewise per ISO week
 * @param keepMonthly likewise per month
 * @param keepYearly likewise per year
 * @param keepWithin every snapshot younger than this duration (e.g. {@code 7d})
 * @param keepLastClean the newest N snapshots whose posture passes {@code gate} (default 3)
 * @param gate the lowest severity that makes a version vulnerable (default {@code high})
 * @param prune whether data no snapshot needs any more is deleted after forgetting (default true)
 */
public record RetentionSpec(
    @Min(0) Integer keepLast,
    @Min(0) Integer keepHourly,
    @Min(0) Integer keepDaily,
    @Min(0) Integer keepWeekly,
    @Min(0) Integer keepMonthly,
    @Min(0) Integer keepYearly,
    @Pattern(DnsNames.DURATION) String keepWithin,
    @Min(0) Integer keepLastClean,
    @Pattern("^(critical|high|medium|low|info)$") String gate,
    Boolean prune) {}
