package io.replaygate.cli;

/** A mistake in what the user asked for (not in a trace): printed as one line, exit code 2. */
public final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }
}
