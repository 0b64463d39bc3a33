package io.replaygate.datasets;

/**
 * A generation request that cannot be honoured: an unknown workload or parameter (the message lists the
 * valid names), an impossible value (it names the parameter and its allowed range). One line, no stack
 * trace needed: the CLI prints the message and exits 2.
 */
public final class WorkloadException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public WorkloadException(String message) {
    super(message);
  }
}
