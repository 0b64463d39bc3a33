package io.replaygate.cli;

/**
 * The exit codes replaygate documents (README, {@code --help}).
 * <ul>
 *   <li>{@link #OK} 0: success;</li>
 *   <li>{@link #CHECK_FAILED} 1: the command ran and its check failed (e.g. {@code validate} found problems);</li>
 *   <li>{@link #BAD_INPUT} 2: bad usage or bad input (unknown option, malformed trace, missing file);
 *       one line on stderr says what and where;</li>
 *   <li>{@link #INTERNAL} 3: an unexpected failure (a bug, or the environment: disk full), with details
 *       on stderr.</li>
 * </ul>
 */
public final class ExitCode {
  public static final int OK = 0;
  public static final int CHECK_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int INTERNAL = 3;

  private ExitCode() {}
}
