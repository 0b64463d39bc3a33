package io.replaygate.trace;

/**
 * When a batch of records handed from the reading thread to another is full: at {@link #MAX_RECORDS} records or
 * at {@link #MAX_BYTES} of estimated heap, whichever comes first. A queue of such batches then bounds the records
 * in flight in bytes, not only in count: a thousand records of a long-context trace (tens of thousands of block
 * hashes each) would otherwise hold hundreds of megabytes between the reader and a path that lags it, and a
 * trace's memory would grow with its prompts' length.
 *
 * <p>A record's estimate ({@link #bytesOf}) is its block hashes at 8 bytes each plus {@link #RECORD_OVERHEAD} for
 * the rest (the record, its array's header, its strings' share). One budget per batch being filled; the batches'
 * boundaries never change what a consumer sees, only when it sees it.
 */
public final class BatchBudget {
  /** Records per batch at most (a batch of short records). */
  public static final int MAX_RECORDS = 1024;
  /** Estimated bytes per batch at most: a batch closes with the record that reaches it. */
  public static final long MAX_BYTES = 1L << 20;
  /** What a record holds besides its block hashes, estimated. */
  public static final long RECORD_OVERHEAD = 128;

  private int records;
  private long bytes;

  /** A record's estimated heap: {@link #RECORD_OVERHEAD} + 8 bytes per block hash. */
  public static long bytesOf(TraceRecord r) {
    long[] h = r.blockHashes();
    return RECORD_OVERHEAD + (h == null ? 0 : (long) h.length * Long.BYTES);
  }

  /** Counts {@code r} into the batch; true when the batch is now full (hand it off, then {@link #reset}). */
  public boolean add(TraceRecord r) {
    records++;
    bytes += bytesOf(r);
    return records >= MAX_RECORDS || bytes >= MAX_BYTES;
  }

  /** Starts a new batch. */
  public void reset() {
    records = 0;
    bytes = 0;
  }
}
