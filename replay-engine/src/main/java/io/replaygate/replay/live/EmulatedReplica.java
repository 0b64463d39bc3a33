package io.replaygate.replay.live;

import io.replaygate.replay.byoc.step.StepTimeModel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One serving replica in real (scaled) time: what {@link Emulator} answers with. A request waits for one of
 * {@code maxRunning} slots (the engine's running-sequence limit), then for the replica's one prefill lane (a
 * replica runs one forward pass at a time, so prefills queue), computes its uncached prompt tokens in
 * {@link StepTimeModel#stepSeconds} of the project's step-time model, then decodes one token per step, each step
 * as long as the model says for the sequences decoding at that moment. The prefix cache is an LRU over chained
 * block hashes of full engine blocks: a request's cached tokens are its leading blocks already present, as vLLM's
 * automatic prefix caching reports them. Sleeping is scaled by {@code timeScale} (0.1 runs ten times faster than
 * the model); figures reported by the server (metrics, usage) are unscaled.
 *
 * <p>Simplifications, stated: prefill is not chunked nor batched with decode; cached blocks are not pinned while
 * in use; the output is always {@code max_tokens} long (as with {@code ignore_eos}).
 */
public final class EmulatedReplica implements io.replaygate.replay.byoc.route.RoutingTarget {
  /**
   * What serving one request measured, as the server reports it.
   *
   * @param writtenTokens tokens of full blocks the request added to the cache (what a provider bills as a cache write)
   */
  public record Served(int promptTokens, int cachedTokens, int writtenTokens, int outputTokens) {}

  /**
   * Called as each output token is produced (the stream writes it), after the prefill, which fixed the request's
   * cached and written tokens; returning false stops generation.
   */
  @FunctionalInterface
  public interface TokenSink {
    boolean token(int index, int cachedTokens, int writtenTokens) throws java.io.IOException, InterruptedException;
  }

  private final int id;
  private final StepTimeModel step;
  private final int blockTokens;
  private final long capacityBlocks;
  private final double timeScale;
  private final Semaphore slots;
  private final ReentrantLock prefillLane = new ReentrantLock(true);
  private final Map<Long, Boolean> cache;
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong decodeContext = new AtomicLong();
  /** Prompt tokens of requests admitted and not yet prefilled (what a router sees queued). */
  private final AtomicLong pendingPrefill = new AtomicLong();
  final AtomicLong queriedTokens = new AtomicLong();
  final AtomicLong hitTokens = new AtomicLong();
  final AtomicLong promptTokens = new AtomicLong();
  final AtomicLong generatedTokens = new AtomicLong();
  final AtomicLong succeeded = new AtomicLong();

  public EmulatedReplica(StepTimeModel step, int blockTokens, long capacityBlocks, int maxRunning, double timeScale) {
    this(0, step, blockTokens, capacityBlocks, maxRunning, timeScale);
  }

  /** Replica number {@code id} of an {@link EmulatedCluster}. */
  public EmulatedReplica(int id, StepTimeModel step, int blockTokens, long capacityBlocks, int maxRunning,
      double timeScale) {
    if (!(timeScale > 0) || blockTokens < 1 || capacityBlocks < 1 || maxRunning < 1) {
      throw new IllegalArgumentException("time scale, block tokens, cache blocks and running slots must be positive");
    }
    this.id = id;
    this.step = step;
    this.blockTokens = blockTokens;
    this.capacityBlocks = capacityBlocks;
    this.timeScale = timeScale;
    this.slots = new Semaphore(maxRunning, true);
    this.cache = new LinkedHashMap<>(1 << 12, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
        return size() > EmulatedReplica.this.capacityBlocks;
      }
    };
  }

  public int blockTokens() {
    return blockTokens;
  }

  /**
   * Serves one request: waits for a slot and the prefill lane, looks its blocks up and inserts them, sleeps the
   * prefill, then produces {@code outputTokens} tokens through {@code sink}.
   *
   * @param tokens      the prompt's token count
   * @param blockHashes chained hashes of its engine blocks (the last may be partial and is not cached)
   */
  public Served serve(int tokens, long[] blockHashes, int outputTokens, TokenSink sink)
      throws InterruptedException, java.io.IOException {
    admit(tokens);
    return serveAdmitted(tokens, blockHashes, outputTokens, sink);
  }

  /** Counts a request as queued here (its prompt as prefill to come) as it is routed, before it is served. */
  void admit(int tokens) {
    waiting.incrementAndGet();
    pendingPrefill.addAndGet(tokens);
  }

  /** Serves a request {@link #admit}ted. */
  Served serveAdmitted(int tokens, long[] blockHashes, int outputTokens, TokenSink sink)
      throws InterruptedException, java.io.IOException {
    boolean prefilled = false;
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      waiting.decrementAndGet();
      pendingPrefill.addAndGet(-tokens);
      throw e;
    }
    waiting.decrementAndGet();
    running.incrementAndGet();
    int produced = 0;
    int cached;
    int written;
    try {
      int full = tokens / blockTokens;
      prefillLane.lockInterruptibly();
      try {
        int hits = lookupAndInsert(blockHashes, full);
        cached = hits * blockTokens;
        written = Math.max(0, Math.min(full, blockHashes.length) - hits) * blockTokens;
        long uncached = tokens - cached;
        sleep(step.stepSeconds(uncached, StepTimeModel.attention(cached, uncached), 0, 0));
      } finally {
        prefillLane.unlock();
        pendingPrefill.addAndGet(-tokens);
        prefilled = true;
      }
      queriedTokens.addAndGet(tokens);
      hitTokens.addAndGet(cached);
      promptTokens.addAndGet(tokens);
      decodeContext.addAndGet(tokens);
      try {
        for (int i = 0; i < outputTokens; i++) {
          if (i > 0) {
            int seqs = Math.max(1, running.get());
            sleep(step.stepSeconds(0, 0, seqs, decodeContext.get()));
          }
          if (!sink.token(i, cached, written)) {
            break;
          }
          produced++;
          decodeContext.incrementAndGet();
        }
      } finally {
        decodeContext.addAndGet(-(tokens + produced));
      }
      generatedTokens.addAndGet(produced);
      succeeded.incrementAndGet();
      return new Served(tokens, cached, written, produced);
    } finally {
      if (!prefilled) {
        pendingPrefill.addAndGet(-tokens);
      }
      running.decrementAndGet();
      slots.release();
    }
  }

  /**
   * Leading full blocks already cached; every full block is then (re)inserted as most recent. A request given no
   * hashes (a provider dialect that caches nothing unasked) neither reads nor fills the cache.
   */
  private int lookupAndInsert(long[] hashes, int full) {
    full = Math.min(full, hashes.length);
    synchronized (cache) {
      int hits = leadingHits(hashes, full);
      for (int b = 0; b < full; b++) {
        cache.put(hashes[b], Boolean.TRUE);
      }
      return hits;
    }
  }

  private void sleep(double modelSeconds) throws InterruptedException {
    long nanos = Math.round(modelSeconds * timeScale * 1e9);
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    }
  }

  // ---- what a router sees (RoutingTarget) ----

  @Override
  public int id() {
    return id;
  }

  @Override
  public int engineBlockTokens() {
    return blockTokens;
  }

  @Override
  public long promptBlocks(long inputTokens) {
    return (inputTokens + blockTokens - 1) / blockTokens;
  }

  /** The leading whole blocks of the prompt the cache holds, looked up without touching their recency. */
  @Override
  public long cachedPrefixTokens(io.replaygate.replay.core.Request r) {
    long[] hashes = r.blocks();
    int full = (int) Math.min(hashes.length, r.inputTokens() / blockTokens);
    synchronized (cache) {
      return (long) leadingHits(hashes, full) * blockTokens;
    }
  }

  /** How many of the first {@code full} blocks the cache holds in a row (the caller holds its lock). */
  private int leadingHits(long[] hashes, int full) {
    int hits = 0;
    while (hits < full && cache.containsKey(hashes[hits])) {
      hits++;
    }
    return hits;
  }

  @Override
  public long pendingPrefillTokens() {
    return pendingPrefill.get();
  }

  @Override
  public long activeDecodeBlocks(long nowUs) {
    return promptBlocks(decodeContext.get());
  }

  @Override
  public int outstanding() {
    return running.get() + waiting.get();
  }

  @Override
  public int waitingCount() {
    return waiting.get();
  }

  @Override
  public double kvUtilization(long nowUs) {
    return cacheUsage();
  }

  @Override
  public long kvCapacityPromptBlocks() {
    return capacityBlocks;
  }

  int running() {
    return running.get();
  }

  int waiting() {
    return waiting.get();
  }

  /** KV cache in use, 0..1 (cached blocks over capacity). */
  double cacheUsage() {
    synchronized (cache) {
      return cache.size() / (double) capacityBlocks;
    }
  }
}
