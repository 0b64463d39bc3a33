package io.replaygate.replay.core;

/**
 * One execution path (DESIGN §2) replaying the trace. The runner calls {@link #arrive} with every request
 * in arrival order, from one thread, then {@link #finish}; the simulator emits exactly one {@link Outcome}
 * per request to its sink and records what was used in its usage ledger. Implementations keep their own
 * event queue for work that happens after an arrival (retries, completions).
 */
public interface PathSimulator {
  /** The path's name, as in outputs. */
  String name();

  /** A request arrives ({@code r.arrivalUs()} never decreases between calls). */
  void arrive(Request r);

  /** The trace has ended: run what is still scheduled and emit the remaining outcomes. */
  void finish();
}
