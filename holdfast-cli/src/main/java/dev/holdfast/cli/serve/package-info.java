/**
 * What {@code holdfast serve} runs beside the repository server: its TLS material kept current
 * (re-read on an interval and on SIGHUP, each reload printed and counted) and the signal hook.
 */
package dev.holdfast.cli.serve;
