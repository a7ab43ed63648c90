/** Opening and creating repositories: config, key slots, and the stores built on the master key. */
package dev.holdfast.core.repository;
