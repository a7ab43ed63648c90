/** One class per holdfast subcommand: parse options, call one job in core, render the result. */
package dev.holdfast.cli.command;
