package io.replaygate.replay.byoc.route;

import io.replaygate.replay.byoc.kv.PrefixIndex;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The llm-d endpoint picker (Gateway API inference extension): weighted scorers, the highest total wins
 * (ties drawn at random). Scorers, each in [0, 1]:
 * <ul>
 *   <li><b>prefix</b> — share of the request's blocks the router believes the replica holds. Like llm-d's
 *       approximate prefix-cache scorer it does not see the caches: it remembers which blocks it sent
 *       where, per replica, up to the replica's KV capacity, least recently routed forgotten first;</li>
 *   <li><b>queue</b> — (most waiting − waiting) ÷ (most − least waiting) over the candidates (1 when equal);</li>
 *   <li><b>kv_utilization</b> — 1 − the replica's GPU KV utilisation.</li>
 * </ul>
 * Queue and utilisation come from scraped metrics, as stale as the scrape interval: a replica's figures
 * are re-read only when the last reading is at least {@code stalenessUs} old.
 *
 * <p>What the picker remembers per replica feeds one {@link PrefixIndex} (as llm-d's indexer keeps blocks with the
 * set of pods they went to), so the prefix scorer walks a request once for all candidates.
 */
public final class EppRouter implements Router {
  private final double prefixWeight;
  private final double queueWeight;
  private final double kvWeight;
  private final long stalenessUs;
  private final UniformRandomProvider rng;
  /**
   * The scraped metrics by replica id, in arrays (every pick reads every candidate's): when they were read
   * ({@link Long#MIN_VALUE}: never), the waiting requests and the GPU KV utilisation then.
   */
  private long[] scrapedAtUs = never(16);
  private int[] scrapedWaiting = new int[16];
  private double[] scrapedKv = new double[16];
  /** The candidates tied for the best score so far, in order (reused across picks). */
  private int[] best = new int[16];
  /** What was sent to each replica, by replica id, and the index of all of it. */
  private PrefixTree[] routedBlocks = new PrefixTree[16];
  /**
   * Each remembering replica's slot in {@link #believed} by replica id, −1 for none (kept beside
   * {@link #routedBlocks}, the same length: every pick reads every candidate's).
   */
  private int[] slotById = noSlots(16);
  private final PrefixIndex believed = new PrefixIndex();

  public EppRouter(double prefixWeight, double queueWeight, double kvWeight, long stalenessUs,
      UniformRandomProvider rng) {
    this.prefixWeight = prefixWeight;
    this.queueWeight = queueWeight;
    this.kvWeight = kvWeight;
    this.stalenessUs = stalenessUs;
    this.rng = rng;
  }

  @Override
  public <T extends RoutingTarget> T pick(Request r, List<T> candidates, long nowUs) {
    int n = candidates.size();
    int minQ = Integer.MAX_VALUE;
    int maxQ = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      int id = scrape(candidates.get(i), nowUs); // first: it may grow the arrays
      int waiting = scrapedWaiting[id];
      minQ = Math.min(minQ, waiting);
      maxQ = Math.max(maxQ, waiting);
    }
    long[] blocks = r.blocks();
    double bestScore = Double.NEGATIVE_INFINITY;
    if (best.length < n) {
      best = new int[Math.max(n, 2 * best.length)];
    }
    int[] best = this.best;
    int ties = 0;
    for (int i = 0; i < n; i++) {
      T c = candidates.get(i);
      int id = c.id();
      double prefix = blocks.length == 0 ? 0 : (double) believedPrefix(c, blocks) / blocks.length;
      double queue = maxQ == minQ ? 1 : (double) (maxQ - scrapedWaiting[id]) / (maxQ - minQ);
      double kv = 1 - scrapedKv[id];
      double score = prefixWeight * prefix + queueWeight * queue + kvWeight * kv;
      if (score > bestScore + 1e-12) {
        bestScore = score;
        ties = 0;
        best[ties++] = i;
      } else if (Math.abs(score - bestScore) <= 1e-12) {
        best[ties++] = i;
      }
    }
    return candidates.get(ties == 1 ? best[0] : best[rng.nextInt(ties)]);
  }

  @Override
  public void routed(Request r, RoutingTarget chosen, long nowUs) {
    int id = chosen.id();
    if (id >= routedBlocks.length) {
      int from = routedBlocks.length;
      routedBlocks = withRoom(routedBlocks, id);
      slotById = Arrays.copyOf(slotById, routedBlocks.length);
      Arrays.fill(slotById, from, slotById.length, -1);
    }
    PrefixTree tree = routedBlocks[id];
    if (tree == null) {
      int slot = believed.acquire();
      tree = lru(chosen);
      tree.listen(believed.listener(slot));
      routedBlocks[id] = tree;
      slotById[id] = slot;
    }
    tree.addAll(r.blocks(), r.keyCopies());
  }

  @Override
  public void released(RoutingTarget gone) {
    int id = gone.id();
    if (id < routedBlocks.length && routedBlocks[id] != null) {
      believed.release(slotById[id]); // its slot is freed for the next replica; the memory goes with the replica
      routedBlocks[id] = null;
      slotById[id] = -1;
    }
  }

  /** Replicas the router remembers sending requests to (tests). */
  int remembered() {
    int n = 0;
    for (PrefixTree m : routedBlocks) {
      n += m == null ? 0 : 1;
    }
    return n;
  }

  /** Leading blocks of the prompt the router remembers sending to {@code c} (one index walk answers every replica). */
  private int believedPrefix(RoutingTarget c, long[] blocks) {
    int id = c.id();
    int slot = id < slotById.length ? slotById[id] : -1;
    if (slot < 0) {
      return 0;
    }
    int p = believed.prefix(slot, blocks);
    assert p == routedBlocks[id].held(blocks) : "the prefix index disagrees with the router's memory";
    return p;
  }

  /** Only the candidates whose last scrape is stale: the others' figures are the ones scraped then. */
  @Override
  public boolean reads(RoutingTarget c, long nowUs) {
    int id = c.id();
    return id >= scrapedAtUs.length || stale(scrapedAtUs[id], nowUs);
  }

  private boolean stale(long scrapedAt, long nowUs) {
    return scrapedAt == Long.MIN_VALUE || nowUs - scrapedAt >= stalenessUs;
  }

  /** Re-reads {@code c}'s metrics when the last reading is stale (or there is none); returns its id. */
  private int scrape(RoutingTarget c, long nowUs) {
    int id = c.id();
    if (id >= scrapedAtUs.length) {
      int size = Math.max(2 * scrapedAtUs.length, id + 1);
      int from = scrapedAtUs.length;
      scrapedAtUs = Arrays.copyOf(scrapedAtUs, size);
      Arrays.fill(scrapedAtUs, from, size, Long.MIN_VALUE);
      scrapedWaiting = Arrays.copyOf(scrapedWaiting, size);
      scrapedKv = Arrays.copyOf(scrapedKv, size);
    }
    if (stale(scrapedAtUs[id], nowUs)) {
      scrapedAtUs[id] = nowUs;
      scrapedWaiting[id] = c.waitingCount();
      scrapedKv[id] = c.kvUtilization(nowUs);
    }
    return id;
  }

  private static int[] noSlots(int n) {
    int[] a = new int[n];
    Arrays.fill(a, -1);
    return a;
  }

  private static long[] never(int n) {
    long[] a = new long[n];
    Arrays.fill(a, Long.MIN_VALUE);
    return a;
  }

  /** {@code a}, or a copy grown (doubling) to hold index {@code id}: the per-replica arrays are indexed by replica id. */
  private static <E> E[] withRoom(E[] a, int id) {
    return id < a.length ? a : Arrays.copyOf(a, Math.max(2 * a.length, id + 1));
  }

  /** What the router remembers sending to a replica, bounded by the replica's KV capacity in trace blocks. */
  private static PrefixTree lru(RoutingTarget c) {
    return new PrefixTree(Math.max(1, c.kvCapacityPromptBlocks()));
  }
}
