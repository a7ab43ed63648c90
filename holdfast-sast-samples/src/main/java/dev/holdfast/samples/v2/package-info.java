/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, version 2 of the sample app: SQL injection, command
 * injection, path traversal, a predictable token generator, a signing key in the source and MD5;
 * scanned in the build to produce real SARIF reports, never used at runtime.
 */
package dev.holdfast.samples.v2;
