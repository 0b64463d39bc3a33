/** The {@code replaygate} command: picocli subcommands wiring every module together. */
package io.replaygate.cli;
