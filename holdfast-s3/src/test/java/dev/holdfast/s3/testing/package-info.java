/** Test fixtures for S3 storage: a real S3Proxy on loopback and an object-lock S3 stand-in. */
package dev.holdfast.s3.testing;
