/** The check job: prove a repository's structure and, on request, every byte of its data. */
package dev.holdfast.core.check;
