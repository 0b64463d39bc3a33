package io.replaygate.datasets.gen;

/**
 * How a workload's sessions look. The generator decides when a session starts (the arrival process) and
 * which tenant it belongs to; the model decides everything inside it: its requests, their contents
 * (as {@link PromptChain} segments), output lengths and the gaps between them.
 */
public interface SessionModel {
  /**
   * A new session whose first request arrives at {@code startUs}.
   *
   * @param order  creation order, unique in the trace (used for ids and tie-breaking)
   * @param tenant the tenant it belongs to
   */
  GeneratedSession start(long startUs, long order, String tenant);

  /**
   * Mean requests per session, sub-sessions included, when the model knows it; {@code NaN} lets the
   * generator estimate it with {@link Pilot}.
   */
  default double meanRequestsPerSession() {
    return Double.NaN;
  }
}
