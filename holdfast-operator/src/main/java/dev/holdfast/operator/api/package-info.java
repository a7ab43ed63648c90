/**
 * The custom resources of group {@code holdfast.dev}, version {@code v1alpha1}: their Java classes
 * are the source from which the CustomResourceDefinitions are generated at build time.
 */
package dev.holdfast.operator.api;
