/** Streaming reader of SARIF 2.1.0 reports that turns each result into a normalised finding. */
package dev.holdfast.sast.sarif;
