/**
 * Benchmarks for Holdfast: JMH kernels and the deterministic dataset generator that the
 * whole-process comparison against restic (holdfast-bench/compare.sh) backs up.
 */
package dev.holdfast.bench;
