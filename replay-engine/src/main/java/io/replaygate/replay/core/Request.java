package io.replaygate.replay.core;

import io.replaygate.trace.TraceRecord;

/**
 * One trace record as the replay sees it: its position in the trace and the trace's block size.
 *
 * @param index       0-based position in arrival order (identifies the request in every path's outcomes)
 * @param record      the canonical record
 * @param blockTokens tokens per block of {@code record.blockHashes()} (0 when the trace has no hashes)
 * @param keyCopies   where the caches get the key arrays they keep of {@link #blocks()}: one copy of a range for
 *                    every path that stores it
 */
public record Request(long index, TraceRecord record, int blockTokens, KeyCopies keyCopies) {
  private static final long[] NONE = new long[0];

  /** A request whose block ranges the caches of every path share ({@link SharedKeyCopies}). */
  public Request(long index, TraceRecord record, int blockTokens) {
    this(index, record, blockTokens, new SharedKeyCopies(record.blockHashes()));
  }

  /** The prompt's block hashes: {@code blocks()[i]} names the prefix up to the end of block i. */
  public long[] blocks() {
    long[] b = record.blockHashes();
    return b == null || blockTokens <= 0 ? NONE : b;
  }

  public long arrivalUs() {
    return record.arrivalUs();
  }

  public int inputTokens() {
    return record.inputTokens();
  }

  public int outputTokens() {
    return record.outputTokens();
  }

  /** Prompt tokens covered by the first {@code blocks} blocks (the last block may be partial). */
  public long prefixTokens(int blocks) {
    return Math.min((long) blocks * blockTokens, record.inputTokens());
  }

  /** How many whole blocks fit in the first {@code tokens} prompt tokens (plus the last one if it ends there). */
  public int blocksWithin(long tokens) {
    if (tokens >= record.inputTokens()) {
      return blocks().length;
    }
    return (int) Math.min(blocks().length, tokens / Math.max(1, blockTokens));
  }
}
