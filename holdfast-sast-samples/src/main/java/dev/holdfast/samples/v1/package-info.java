/**
 * TEST SAMPLE, version 1 of the sample app, written without security findings; scanned in the build
 * to produce a real SARIF report, never used at runtime.
 */
package dev.holdfast.samples.v1;
