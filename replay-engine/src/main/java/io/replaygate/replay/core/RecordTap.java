package io.replaygate.replay.core;

import io.replaygate.trace.TraceRecord;

/**
 * What a replay's own read of the trace hands over: each record as read (before the replay anchors it in time or
 * applies a purge), then the end. Lets another consumer of the same records — the reuse curve and the fingerprint
 * of {@code run} — share the replay's read instead of decoding the trace again. Called on the reading thread, in
 * trace order; an implementation hands the records to its own thread rather than working on the reader's.
 */
public interface RecordTap {
  /** Taps nothing. */
  RecordTap NONE = new RecordTap() {
    @Override
    public void accept(TraceRecord r) {
    }

    @Override
    public void end() {
    }
  };

  void accept(TraceRecord r);

  /** Every record has been handed over (not called when the read fails). */
  void end();
}
