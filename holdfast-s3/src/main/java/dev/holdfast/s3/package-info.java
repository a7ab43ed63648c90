/** Storage of a repository's blobs in S3 or an S3-compatible server, with object lock. */
package dev.holdfast.s3;
