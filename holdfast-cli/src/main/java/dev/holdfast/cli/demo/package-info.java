/** The {@code holdfast demo} command and the sample data it backs up. */
package dev.holdfast.cli.demo;
