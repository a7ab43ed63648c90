/**
 * What runs against a claim: the pods that mount it, where they run, which image versions they are,
 * and the names Holdfast gives to claims as backup sources.
 */
package dev.holdfast.operator.workload;
