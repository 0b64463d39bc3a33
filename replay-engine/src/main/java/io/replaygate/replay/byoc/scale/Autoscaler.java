package io.replaygate.replay.byoc.scale;

/**
 * How many replicas a deployment wants. The cluster asks every {@code interval} and starts (after the
 * cold start) or drains replicas to match, within the policy's bounds. {@link Autoscalers} names them.
 */
public interface Autoscaler {
  /** Replicas to have at the start of the trace. */
  int initial(long startUs);

  /** Replicas wanted now. */
  int desired(ScaleSignals s);
}
