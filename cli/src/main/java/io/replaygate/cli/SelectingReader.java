package io.replaygate.cli;

import io.replaygate.trace.ForwardingReader;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.util.NoSuchElementException;
import net.openhft.hashing.LongHashFunction;

/**
 * The part of a trace a replay drives ({@code --limit}, {@code --duration}, {@code --sample}): the first N requests,
 * the requests within a span of trace time from the first, and a seeded sample of sessions (a session is kept or
 * dropped whole, so its prefix reuse stays; a request without a session is its own). Every path of the replay sees
 * the same selection, so they still join per request.
 */
final class SelectingReader extends ForwardingReader {
  /** The selection; null/absent parts select everything. */
  record Selection(Long limit, Long durationUs, Double sample, long seed) {
    boolean all() {
      return limit == null && durationUs == null && sample == null;
    }

    /** In words, for the output. */
    String describe() {
      StringBuilder b = new StringBuilder();
      if (limit != null) {
        b.append("the first ").append(limit).append(" requests");
      }
      if (durationUs != null) {
        b.append(b.isEmpty() ? "" : ", ").append("the first ").append(durationUs / 1_000_000.0).append(" s of trace");
      }
      if (sample != null) {
        b.append(b.isEmpty() ? "" : ", ").append(String.format(java.util.Locale.US, "%.4g", 100 * sample))
            .append("% of sessions (seed ").append(seed).append(')');
      }
      return b.toString();
    }
  }

  private final Selection selection;
  private final LongHashFunction hash;
  private TraceRecord next;
  private long taken;
  private long seen;
  private long firstUs = Long.MIN_VALUE;
  private boolean ended;

  SelectingReader(TraceReader in, Selection selection) {
    super(in);
    this.selection = selection;
    this.hash = LongHashFunction.xx3(selection.seed());
  }

  @Override
  public boolean hasNext() {
    while (next == null && !ended) {
      if ((selection.limit() != null && taken >= selection.limit()) || !in.hasNext()) {
        ended = true;
        break;
      }
      TraceRecord r = in.next();
      long index = seen++;
      if (firstUs == Long.MIN_VALUE) {
        firstUs = r.arrivalUs();
      }
      if (selection.durationUs() != null && r.arrivalUs() - firstUs > selection.durationUs()) {
        ended = true;
        break;
      }
      if (selection.sample() != null) {
        long h = r.sessionId() != null ? hash.hashChars(r.sessionId()) : hash.hashLong(index);
        if ((h >>> 11) * 0x1.0p-53 >= selection.sample()) {
          continue;
        }
      }
      next = r;
    }
    return next != null;
  }

  @Override
  public TraceRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    TraceRecord r = next;
    next = null;
    taken++;
    return r;
  }
}
