/** The Holdfast engine; this package holds the failures a user can hit, shared by every layer. */
package dev.holdfast.core;
