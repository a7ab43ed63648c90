/** Test fixtures for the operator: fabric8's mock API server in CRUD mode with Holdfast's CRDs. */
package dev.holdfast.operator.testing;
