/**
 * DELIBERATELY VULNERABLE TEST SAMPLE, version 3 of the sample app: version 2 with the injections,
 * the path traversal and the token issuer fixed, still checksumming with MD5; scanned in the build
 * to produce a real SARIF report, never used at runtime.
 */
package dev.holdfast.samples.v3;
