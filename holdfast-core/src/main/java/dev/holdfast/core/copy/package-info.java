/**
 * The copy job: re-encrypts and re-ids snapshots from one repository into another (a second site),
 * keeping their metadata and recording where each came from.
 */
package dev.holdfast.core.copy;
