package io.replaygate.replay.scenario;

/** A time given as a UTC epoch instant (µs) or as an offset from the trace's first arrival (µs). */
public record TimeRef(Long epochUs, Long offsetUs) {
  /** In trace time, given the trace's first arrival. */
  public long resolve(long traceStartUs) {
    return epochUs != null ? epochUs : traceStartUs + offsetUs;
  }
}
