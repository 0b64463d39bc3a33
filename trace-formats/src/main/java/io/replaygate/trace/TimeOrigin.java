package io.replaygate.trace;

/** What {@link TraceRecord#arrivalUs()} counts from. */
public enum TimeOrigin {
  /** µs since 1970-01-01T00:00:00Z. */
  EPOCH,
  /** µs since the start of the trace: the source recorded no date. */
  RELATIVE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
