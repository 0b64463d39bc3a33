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
  /** By replica id. */
  private Metrics[] scraped = new Metrics[16];
  /** What was sent to each replica, by replica id, and the index of all of it. */
  private Memory[] routedBlocks = new Memory[16];
  private final PrefixIndex believed = new PrefixIndex();

  /** What the router remembers sending to one replica, and its slot in {@link #believed}. */
  private record Memory(PrefixTree tree, int slot) {}

  private static final class Metrics {
    long atUs;
    int waiting;
    double kvUtilization;
  }

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
    Metrics[] m = new Metrics[n];
    int minQ = Integer.MAX_VALUE;
    int maxQ = Integer.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      m[i] = metrics(candidates.get(i), nowUs);
      minQ = Math.min(minQ, m[i].waiting);
      maxQ = Math.max(maxQ, m[i].waiting);
    }
    long[] blocks = r.blocks();
    double bestScore = Double.NEGATIVE_INFINITY;
    int[] best = new int[n]; // the candidates tied for the best score so far, in order (a list's clear cost its size)
    int ties = 0;
    for (int i = 0; i < n; i++) {
      T c = candidates.get(i);
      double prefix = blocks.length == 0 ? 0 : (double) believedPrefix(c, blocks) / blocks.length;
      double queue = maxQ == minQ ? 1 : (double) (maxQ - m[i].waiting) / (maxQ - minQ);
      double kv = 1 - m[i].kvUtilization;
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
    routedBlocks = withRoom(routedBlocks, id);
    Memory m = routedBlocks[id];
    if (m == null) {
      int slot = believed.acquire();
      PrefixTree tree = lru(chosen);
      tree.listen(believed.listener(slot));
      m = new Memory(tree, slot);
      routedBlocks[id] = m;
    }
    m.tree().addAll(r.blocks());
  }

  /** Leading blocks of the prompt the router remembers sending to {@code c} (one index walk answers every replica). */
  private int believedPrefix(RoutingTarget c, long[] blocks) {
    Memory m = c.id() < routedBlocks.length ? routedBlocks[c.id()] : null;
    if (m == null) {
      return 0;
    }
    int p = believed.prefix(m.slot(), blocks);
    assert p == m.tree().held(blocks) : "the prefix index disagrees with the router's memory";
    return p;
  }

  private Metrics metrics(RoutingTarget c, long nowUs) {
    int id = c.id();
    scraped = withRoom(scraped, id);
    Metrics m = scraped[id];
    if (m == null) {
      m = new Metrics();
      m.atUs = Long.MIN_VALUE;
      scraped[id] = m;
    }
    if (m.atUs == Long.MIN_VALUE || nowUs - m.atUs >= stalenessUs) {
      m.atUs = nowUs;
      m.waiting = c.waitingCount();
      m.kvUtilization = c.kvUtilization();
    }
    return m;
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
