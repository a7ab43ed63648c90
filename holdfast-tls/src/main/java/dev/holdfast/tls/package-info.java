/** Failures of Holdfast's TLS material and certificate authority that a user can hit. */
package dev.holdfast.tls;
