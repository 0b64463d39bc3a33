package io.replaygate.replay;

import io.replaygate.replay.cache.PromptCache;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;

/** Hand-written requests for tests: times in seconds, hashes given as block ids. */
public final class Requests {
  private Requests() {}

  public static long s(double seconds) {
    return Math.round(seconds * 1_000_000);
  }

  /** A request at {@code seconds} with {@code input} prompt tokens whose blocks are {@code ids}. */
  public static Request req(long index, double seconds, int input, int blockTokens, String session, long... ids) {
    TraceRecord r = new TraceRecord(s(seconds), "r" + index, "acme", "coding/chat", null, null, session, input, 100,
        null, null, ids, null, null, null, null);
    return new Request(index, r, blockTokens);
  }

  /** Block ids {@code from, from+1, ..., from+n-1}. */
  public static long[] ids(long from, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = from + i;
    }
    return out;
  }

  /** {@code a} followed by {@code b}. */
  public static long[] concat(long[] a, long[] b) {
    long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** First token {@code ttftS} after the request is served, completion {@code doneS} after. */
  public static PromptCache.Timing timing(long nowUs, double ttftS, double doneS) {
    return new PromptCache.Timing() {
      @Override
      public long firstTokenUs(long uncachedTokens) {
        return nowUs + s(ttftS);
      }

      @Override
      public long completionUs(long uncachedTokens) {
        return nowUs + s(doneS);
      }
    };
  }
}
