package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The KV cache keeps runs of blocks; {@link PerBlockKvCache} states the same semantics a block at a time. On random
 * traffic — prompts along shared system prompts and sessions that extend and branch, partial last blocks, requests
 * admitted and committed later (another may have computed the same blocks meanwhile), preempted, or finished in any
 * order, and decode memory taken and given back — the two give the same answer to every question after every
 * operation: each lookup tier by tier, each reservation, the memory used in each tier, evictions, host writes and
 * the shared pool's state.
 */
class KvCacheRunsTest {
  record Config(String name, EvictionPolicies policy, int engineTokens, KvCache.HostTier host, WritePolicy pool,
      boolean chained) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> configs() {
    List<Config> cs = new ArrayList<>();
    for (EvictionPolicies policy : EvictionPolicies.values()) {
      String p = policy.wireName();
      cs.add(new Config(p + ", GPU only", policy, 16, null, null, true));
      cs.add(new Config(p + ", GPU only, engine block 24", policy, 24, null, null, true));
      cs.add(new Config(p + ", GPU only, hashes reused at other positions", policy, 16, null, null, false));
      cs.add(new Config(p + ", write-back host", policy, 16, new KvCache.HostTier(80, WritePolicy.WRITE_BACK, 2), null,
          true));
      cs.add(new Config(p + ", write-through host", policy, 16,
          new KvCache.HostTier(160, WritePolicy.WRITE_THROUGH, 2), null, true));
      cs.add(new Config(p + ", selective host, engine block 24", policy, 24,
          new KvCache.HostTier(100, WritePolicy.WRITE_THROUGH_SELECTIVE, 2), null, true));
      cs.add(new Config(p + ", write-back host, write-back pool", policy, 16,
          new KvCache.HostTier(60, WritePolicy.WRITE_BACK, 2), WritePolicy.WRITE_BACK, true));
      cs.add(new Config(p + ", write-through pool", policy, 16, null, WritePolicy.WRITE_THROUGH, true));
      cs.add(new Config(p + ", write-through host, reused hashes", policy, 16,
          new KvCache.HostTier(70, WritePolicy.WRITE_THROUGH, 2), WritePolicy.WRITE_BACK, false));
    }
    return cs.stream().map(Arguments::of);
  }

  /** A request in flight: its prompt, tokens, blocks pinned, and private blocks held. */
  private static final class Flight {
    final long[] p;
    final long tokens;
    int pinned;
    long held;
    boolean committed;

    Flight(long[] p, long tokens) {
      this.p = p;
      this.tokens = tokens;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void randomTraffic_agreesWithThePerBlockModel(Config cfg) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(cfg.name().hashCode());
    long gpu = 120;
    SharedPool runPool = cfg.pool() == null ? null : new SharedPool(90, cfg.pool());
    SharedPool modelPool = cfg.pool() == null ? null : new SharedPool(90, cfg.pool());
    KvCache runs = new KvCache(gpu, cfg.engineTokens(), 64, cfg.policy().create(), cfg.host(), runPool);
    PerBlockKvCache model = new PerBlockKvCache(gpu, cfg.engineTokens(), 64, cfg.policy(), cfg.host(), modelPool);
    List<long[]> sessions = new ArrayList<>();
    List<Flight> flights = new ArrayList<>();
    List<PerBlockNode> none = new ArrayList<>();
    long hits = 0;
    long now = 0;
    for (int step = 0; step < 30_000; step++) {
      now += rng.nextInt(4) == 0 ? 1 : 0; // requests admitted and committed in one engine step share its time
      int op = rng.nextInt(10);
      String what = op < 5 || flights.isEmpty() ? "admit" : op < 7 ? "commit or decode" : "finish";
      String at = "step " + step + " (" + what + ")";
      if (op < 5 || flights.isEmpty()) { // admit a new request: look up, pin what is on the GPU, reserve the rest
        long[] p = prompt(sessions, cfg.chained(), rng);
        long tokens = tokens(p, cfg.chained());
        KvCache.Lookup l = runs.lookup(p);
        assertEquals(model.lookup(p), l, at);
        hits += l.gpu() + l.host();
        Flight f = new Flight(p, tokens);
        int g = l.gpu();
        runs.pin(p, g, now);
        model.pin(p, g, now, pinnedOf(f));
        f.pinned = g;
        long need = runs.ownedBlocks(g, p.length, tokens);
        boolean ok = runs.reserve(need);
        assertEquals(model.reserve(need), ok, at);
        if (ok) {
          f.held = need;
          flights.add(f);
        } else {
          runs.unpin(p, g);
          model.unpin(pinnedOf(f));
        }
      } else if (op < 7) { // the prefill of a request in flight ends: its blocks go into the cache
        Flight f = flights.get(rng.nextInt(flights.size()));
        if (!f.committed) {
          runs.commit(f.p, f.pinned, f.p.length, f.tokens, now);
          model.commit(f.p, f.pinned, f.p.length, f.tokens, now, pinnedOf(f));
          f.held -= runs.ownedBlocks(f.pinned, f.p.length, f.tokens);
          f.pinned = f.p.length;
          f.committed = true;
        } else if (rng.nextBoolean()) { // decode memory
          boolean ok = runs.reserve(3);
          assertEquals(model.reserve(3), ok, at);
          f.held += ok ? 3 : 0;
        }
      } else { // a request finishes or is preempted: it lets go of its blocks and private memory
        Flight f = flights.remove(rng.nextInt(flights.size()));
        runs.unpin(f.p, f.pinned);
        model.unpin(pinnedOf(f));
        runs.release(f.held);
        model.release(f.held);
        pins.remove(f);
      }
      assertEquals(model.gpuUsedBlocks(), runs.gpuUsedBlocks(), at);
      assertEquals(model.hostUsedBlocks(), runs.hostUsedBlocks(), at);
      assertEquals(model.gpuEvictions(), runs.gpuEvictions(), at);
      assertEquals(model.hostEvictions(), runs.hostEvictions(), at);
      assertEquals(model.hostWrites(), runs.hostWrites(), at);
      if (runPool != null) {
        assertEquals(modelPool.usedBlocks(), runPool.usedBlocks(), at);
        assertEquals(modelPool.writes(), runPool.writes(), at);
        assertEquals(modelPool.evictions(), runPool.evictions(), at);
      }
      long held = 0;
      for (Flight f : flights) {
        assertTrue(runs.pinnedOnGpu(f.p, f.pinned), at + ": a pinned block left the GPU");
        held += f.held;
      }
      assertEquals(model.cachedGpuBlocks(), runs.cachedGpuBlocks(), at + ": cached blocks on the GPU");
      assertEquals(runs.gpuUsedBlocks(), runs.cachedGpuBlocks() + held, at + ": GPU memory is cached blocks and held");
    }
    System.out.printf("%s: hits %d, GPU evictions %d, runs %d%n", cfg, hits, model.gpuEvictions(), runs.runs());
    assertTrue(hits > 5_000, "the traffic must hit the cache: " + hits);
    assertTrue(model.gpuEvictions() > 5_000, "the traffic must evict: " + model.gpuEvictions());
  }

  private final java.util.IdentityHashMap<Flight, List<PerBlockNode>> pins = new java.util.IdentityHashMap<>();

  /** The model's pinned nodes of a request (its own bookkeeping; the run cache needs only the count). */
  private List<PerBlockNode> pinnedOf(Flight f) {
    return pins.computeIfAbsent(f, k -> new ArrayList<>());
  }

  /** A new session's prompt (a shared 4-block system prompt, then its own), or a turn extending or branching one. */
  static long[] prompt(List<long[]> sessions, boolean chained, UniformRandomProvider rng) {
    long[] p;
    if (!sessions.isEmpty() && rng.nextInt(3) > 0) {
      long[] prev = sessions.get(rng.nextInt(sessions.size()));
      // Mostly extend (the last block, partial, grows: new content, a new hash), now and then branch (after the
      // first block, whose hash sessions share).
      int keep = rng.nextInt(4) == 0 ? 1 + rng.nextInt(prev.length - 1) : prev.length - 1;
      p = Arrays.copyOf(prev, keep + 1 + rng.nextInt(6));
      for (int i = keep; i < p.length; i++) {
        p[i] = next(p, i, chained, rng.nextLong(), rng);
      }
    } else {
      p = new long[5 + rng.nextInt(8)]; // the last, partial block is the session's own
      for (int i = 0; i < p.length; i++) {
        p[i] = next(p, i, chained, i < 4 ? 7 : rng.nextLong(), rng);
      }
    }
    sessions.add(p);
    if (sessions.size() > 40) {
      sessions.remove(rng.nextInt(sessions.size()));
    }
    return p;
  }

  /**
   * Prompt tokens: with chained hashes the last block is partial, its size drawn from its hash (a block is the same
   * tokens wherever its hash appears, as in a trace); with hashes reused at other positions every block is whole.
   */
  static long tokens(long[] p, boolean chained) {
    long last = chained ? 1 + (io.replaygate.replay.core.Mix.mix(p[p.length - 1]) & 63) : 64;
    return 64L * (p.length - 1) + last;
  }

  /** Block {@code i}'s hash: chained (the prefix's hash mixed with the block's content), or drawn from 24 values. */
  private static long next(long[] p, int i, boolean chained, long content, UniformRandomProvider rng) {
    if (!chained) {
      return rng.nextInt(24);
    }
    return i == 0 ? 1 + rng.nextInt(16) : io.replaygate.replay.core.Mix.mix(p[i - 1] * 1_009 + content);
  }

  @Test
  void sessionTurns_areOneRunEach() {
    KvCache c = new KvCache(10_000, 16, 64, EvictionPolicies.LRU.create(), null, null);
    long[] p = new long[90];
    for (int i = 0; i < p.length; i++) {
      p[i] = 1_000 + i;
    }
    for (int turn = 1; turn <= 3; turn++) {
      long[] prompt = Arrays.copyOf(p, 30 * turn);
      assertTrue(KvCacheTest.insert(c, prompt, 64L * prompt.length, turn));
    }
    assertEquals(90, c.gpuPrefix(p));
    assertEquals(3, c.runs(), "three turns of 30 blocks: three runs, not 90 nodes");
  }
}
