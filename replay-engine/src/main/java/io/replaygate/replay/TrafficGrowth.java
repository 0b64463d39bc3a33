package io.replaygate.replay;

import io.replaygate.replay.core.LongLongMap;
import io.replaygate.replay.core.Mix;
import io.replaygate.trace.ForwardingReader;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * The recorded traffic grown (or thinned) by a factor {@code g}: as many more users as {@code g} says, each behaving
 * like a recorded one. The unit is the <b>session</b> (a request without a session is its own): each session is
 * replayed {@code ⌊g⌋} times, and once more with probability {@code g − ⌊g⌋} (a seeded draw per session), so
 * {@code g = 1.5} replays every session once and half of them twice, and {@code g = 0.5} keeps half the sessions.
 * The recorded session is always its own first copy; the expected number of requests is {@code g} times the trace's.
 *
 * <p>A further copy is the same conversation by another user:
 * <ul>
 *   <li>its arrivals keep their spacing and move together by a seeded shift within ±{@link #SHIFT_US} (5 minutes),
 *       narrowed where needed so the copy stays inside the trace's span — added users are not in lockstep with the
 *       recorded ones, the daily shape is kept, and the replayed period (what monthly figures divide by) is the
 *       trace's own;
 *   <li>a prompt block that more than one recorded session sent (a shared system prompt, a common document) keeps
 *       its hash, so the new user shares it too; a block only its own session sent is renamed per copy, so the new
 *       user's private context is new to every cache;
 *   <li>request and session ids get a {@code +gK} suffix (copy K ≥ 1); tenant, model, token counts and observed
 *       latencies and cache usage are the recorded session's.
 * </ul>
 * Which blocks are shared takes one pass over the trace before the replay (a map of block → owning session:
 * about 16 bytes per distinct block, and each session's span; a request without a session is kept as a count), made
 * once however often the grown trace is opened. Records come out in
 * arrival order; copies wait in a queue at most {@link #SHIFT_US} of traffic deep.
 */
public final class TrafficGrowth implements TraceSource {
  /** The most a copy of a session is moved in time, either way: 5 minutes. */
  public static final long SHIFT_US = 5 * 60 * 1_000_000L;
  /** The largest factor a scenario may ask for (memory and time grow with it). */
  public static final double MAX_FACTOR = 100;
  private static final long SHARED = -1;
  private static final long NONE = Long.MIN_VALUE;

  private final TraceSource source;
  private final double factor;
  private final long seed;
  private Census census;

  private TrafficGrowth(TraceSource source, double factor, long seed) {
    this.source = source;
    this.factor = factor;
    this.seed = seed;
  }

  /** {@code source} grown by {@code factor} (&gt; 0) with {@code seed}; {@code source} itself when the factor is 1. */
  public static TraceSource of(TraceSource source, double factor, long seed) {
    if (!(factor > 0 && factor <= MAX_FACTOR)) {
      throw new IllegalArgumentException("traffic growth must be in (0, " + MAX_FACTOR + "]: " + factor);
    }
    return factor == 1 ? source : new TrafficGrowth(source, factor, seed);
  }

  /** What growing did: the trace's sessions and requests, and the grown trace's. */
  public record Stats(double factor, long seed, long sessionsRecorded, long sessionsReplayed, long requestsRecorded,
      long requestsReplayed, long sharedBlocks, long privateBlocks) {}

  /** The counts, from the census pass (made now if the trace was not opened yet). */
  public Stats stats() throws IOException {
    Census c = census();
    long sessions = c.loneCopies;
    long requests = c.loneCopies;
    for (Map.Entry<Long, long[]> e : c.owners.entrySet()) {
      int k = copies(e.getKey());
      sessions += k;
      requests += k * e.getValue()[2];
    }
    return new Stats(factor, seed, c.owners.size() + c.lone, sessions, c.records, requests, c.shared,
        c.distinct - c.shared);
  }

  @Override
  public TraceReader open() throws IOException {
    Census c = census();
    return new Grown(source.open(), c);
  }

  /** Copies of the session owned by {@code owner}: ⌊g⌋, plus one with probability g − ⌊g⌋. */
  int copies(long owner) {
    int whole = (int) Math.floor(factor);
    double u = Mix.unit(Mix.mix(Mix.mix(owner ^ seed) + 0x9E3779B97F4A7C15L));
    return whole + (u < factor - whole ? 1 : 0);
  }

  private synchronized Census census() throws IOException {
    if (census == null) {
      Census c = new Census();
      try (TraceReader r = source.open()) {
        long index = 0;
        Map<String, Long> sessions = new HashMap<>();
        while (r.hasNext()) {
          TraceRecord rec = r.next();
          long at = index;
          long owner;
          if (rec.sessionId() == null) { // its own session, of one request at its own arrival: nothing to keep
            owner = at;
            c.lone++;
            c.loneCopies += copies(owner);
          } else {
            owner = sessions.computeIfAbsent(sessionKey(rec), k -> at);
            long[] span = c.owners.computeIfAbsent(owner, o -> new long[] {rec.arrivalUs(), rec.arrivalUs(), 0});
            span[1] = rec.arrivalUs();
            span[2]++;
          }
          if (factor > 1 && rec.blockHashes() != null) { // thinning renames nothing
            for (long h : rec.blockHashes()) {
              long was = c.blocks.put(h, owner, NONE);
              if (was == NONE) {
                c.distinct++;
              } else if (was != owner) {
                c.blocks.put(h, SHARED, NONE);
                if (was != SHARED) {
                  c.shared++;
                }
              }
            }
          }
          c.first = Math.min(c.first, rec.arrivalUs());
          c.last = Math.max(c.last, rec.arrivalUs());
          c.records = ++index;
        }
        c.sessionOwners = sessions;
      }
      census = c;
    }
    return census;
  }

  private static String sessionKey(TraceRecord r) {
    return (r.tenant() == null ? "" : r.tenant()) + '\u0000' + r.sessionId();
  }

  /** The trace's sessions (by owner: the index of a session's first request), their spans, and block owners. */
  private static final class Census {
    /** Sessions with an id: owner -> {first arrival, last arrival, requests}. */
    final Map<Long, long[]> owners = new HashMap<>();
    /** Requests without a session (each its own, kept as counts only), and their copies. */
    long lone;
    long loneCopies;
    final LongLongMap blocks = new LongLongMap(); // block -> owner, or SHARED
    Map<String, Long> sessionOwners = Map.of();
    long records;
    long distinct;
    long shared;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
  }

  /** One copy of a record waiting for its turn. */
  private record Pending(TraceRecord record, long seq) {}

  private final class Grown extends ForwardingReader {
    private final Census census;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> {
      int c = Long.compare(a.record.arrivalUs(), b.record.arrivalUs());
      return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long index;
    private long seq;
    private long latest = Long.MIN_VALUE / 2;

    Grown(TraceReader in, Census census) {
      super(in);
      this.census = census;
    }

    @Override
    public boolean hasNext() {
      fill();
      return !queue.isEmpty();
    }

    @Override
    public TraceRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return queue.poll().record;
    }

    /** Reads on until the head of the queue can come before anything a later record's copies could add. */
    private void fill() {
      while (in.hasNext() && (queue.isEmpty() || queue.peek().record.arrivalUs() > latest - SHIFT_US)) {
        TraceRecord r = in.next();
        latest = Math.max(latest, r.arrivalUs());
        long owner = r.sessionId() == null ? index : census.sessionOwners.get(sessionKey(r));
        index++;
        int copies = copies(owner);
        for (int k = 0; k < copies; k++) {
          queue.add(new Pending(k == 0 ? r : copy(r, owner, k), seq++));
        }
      }
    }

    private TraceRecord copy(TraceRecord r, long owner, int k) {
      long[] span = r.sessionId() == null ? null : census.owners.get(owner);
      long from = span == null ? r.arrivalUs() : span[0];
      long to = span == null ? r.arrivalUs() : span[1];
      long shift = Math.round((2 * Mix.unit(Mix.mix(Mix.mix(owner ^ seed) ^ Mix.mix(k))) - 1) * SHIFT_US);
      shift = Math.max(census.first - from, Math.min(census.last - to, shift));
      long[] hashes = r.blockHashes();
      if (hashes != null) {
        hashes = hashes.clone();
        for (int i = 0; i < hashes.length; i++) {
          if (census.blocks.get(hashes[i], NONE) != SHARED) {
            hashes[i] = Mix.mix(hashes[i] ^ Mix.mix(seed + k));
          }
        }
      }
      String suffix = "+g" + k;
      return new TraceRecord(r.arrivalUs() + shift, r.requestId() == null ? null : r.requestId() + suffix,
          r.tenant(), r.modelPath(), r.model(), r.provider(), r.sessionId() == null ? null : r.sessionId() + suffix,
          r.inputTokens(), r.outputTokens(), r.cachedTokens(), r.cacheWriteTokens(), hashes, r.ttftMs(), r.e2eMs(),
          r.status(), r.sloClass());
    }
  }
}
