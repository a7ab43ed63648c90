/** The holdfast command line: option parsing, passphrases, output, exit codes. */
package dev.holdfast.cli;
