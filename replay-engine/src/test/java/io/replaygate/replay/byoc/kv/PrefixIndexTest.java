package io.replaygate.replay.byoc.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.replaygate.replay.core.PrefixTree;

/**
 * The deployment's GPU prefix index answers, for every replica, what that replica's own cache walk answers: on random
 * traffic over several replicas sharing one index (prompts along shared system prompts and sessions that extend and
 * branch; requests admitted, committed later, finished; GPU evictions with and without a host tier below; replicas
 * leaving and new ones taking their slots), after every operation, for the prompts in play and for every replica.
 */
class PrefixIndexTest {
  record Config(String name, int engineTokens, KvCache.HostTier host, boolean chained) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> configs() {
    return Stream.of(
        new Config("GPU only", 16, null, true),
        new Config("GPU only, engine block 24", 24, null, true),
        new Config("GPU only, hashes reused at other positions", 16, null, false),
        new Config("write-back host", 16, new KvCache.HostTier(80, WritePolicy.WRITE_BACK, 2), true),
        new Config("write-through host, reused hashes", 16, new KvCache.HostTier(70, WritePolicy.WRITE_THROUGH, 2),
            false)).map(Arguments::of);
  }

  private static final class Flight {
    final long[] p;
    final long tokens;
    final KvCache cache;
    int pinned;
    long held;
    boolean committed;

    Flight(long[] p, long tokens, KvCache cache) {
      this.p = p;
      this.tokens = tokens;
      this.cache = cache;
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configs")
  void randomTraffic_answersAsEachReplicasOwnWalk(Config cfg) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(cfg.name().hashCode());
    PrefixIndex index = new PrefixIndex();
    List<KvCache> replicas = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      replicas.add(newCache(cfg, index));
    }
    List<long[]> sessions = new ArrayList<>();
    List<Flight> flights = new ArrayList<>();
    long now = 0;
    long nonZero = 0;
    long evictions = 0;
    int replaced = 0;
    for (int step = 0; step < 20_000; step++) {
      now += rng.nextInt(4) == 0 ? 1 : 0;
      int op = rng.nextInt(100);
      String at = "step " + step;
      if (op < 45 || flights.isEmpty()) { // admit on a random replica
        KvCache c = replicas.get(rng.nextInt(replicas.size()));
        long[] p = KvCacheRunsTest.prompt(sessions, cfg.chained(), rng);
        Flight f = new Flight(p, KvCacheRunsTest.tokens(p, cfg.chained()), c);
        int g = c.lookup(p).gpu();
        c.pin(p, g, now);
        f.pinned = g;
        long need = c.ownedBlocks(g, p.length, f.tokens);
        if (c.reserve(need)) {
          f.held = need;
          flights.add(f);
        } else {
          c.unpin(p, g);
        }
      } else if (op < 75) { // a prefill ends: the prompt's blocks go into that replica's cache
        Flight f = flights.get(rng.nextInt(flights.size()));
        if (!f.committed) {
          f.cache.commit(f.p, f.pinned, f.p.length, f.tokens, now);
          f.held -= f.cache.ownedBlocks(f.pinned, f.p.length, f.tokens);
          f.pinned = f.p.length;
          f.committed = true;
        }
      } else if (op < 99) { // a request finishes
        Flight f = flights.remove(rng.nextInt(flights.size()));
        f.cache.unpin(f.p, f.pinned);
        f.cache.release(f.held);
      } else { // a replica drains (its requests finish) and leaves; a new, empty one takes a slot
        int i = rng.nextInt(replicas.size());
        KvCache gone = replicas.get(i);
        flights.removeIf(f -> f.cache == gone);
        evictions += gone.gpuEvictions();
        gone.leaveIndex();
        replicas.set(i, newCache(cfg, index));
        replaced++;
      }
      index.checkInvariants(true);
      for (long[] p : sessions) {
        for (KvCache c : replicas) {
          int walk = c.gpuPrefix(p);
          assertEquals(walk, c.routedGpuPrefix(p), at);
          nonZero += walk > 0 ? 1 : 0;
        }
      }
    }
    for (KvCache c : replicas) {
      evictions += c.gpuEvictions();
    }
    System.out.printf("%s: replicas replaced %d, index runs %d, non-zero answers %d, evictions %d%n", cfg, replaced,
        index.runs(), nonZero, evictions);
    assertTrue(nonZero > 100_000, "replicas must hold prefixes: " + nonZero);
    assertTrue(evictions > 3_000, "the traffic must evict: " + evictions);
    assertTrue(replaced > 100, "replicas must leave: " + replaced);
  }

  /**
   * Fed by what a router remembers per replica (bounded {@link PrefixTree}s, least recently sent forgotten first — a
   * run's first blocks can go while the rest stays, so a slot's blocks need not be closed under parents), the index
   * answers as each tree's own {@code held}.
   */
  @ParameterizedTest(name = "capacity {0}")
  @ValueSource(longs = {5, 17, 60})
  void routerMemory_randomTraffic_answersAsEachTreesHeld(long capacity) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(capacity);
    PrefixIndex index = new PrefixIndex();
    List<PrefixTree> trees = new ArrayList<>();
    List<Integer> slots = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      PrefixTree t = new PrefixTree(capacity);
      int slot = index.acquire();
      t.listen(index.listener(slot));
      trees.add(t);
      slots.add(slot);
    }
    List<long[]> sessions = new ArrayList<>();
    long nonZero = 0;
    long unclosed = 0;
    for (int step = 0; step < 20_000; step++) {
      long[] p = KvCacheRunsTest.prompt(sessions, rng.nextInt(5) > 0, rng);
      trees.get(rng.nextInt(trees.size())).addAll(p);
      index.checkInvariants(false);
      unclosed += index.closedUnderParents() ? 0 : 1;
      for (long[] q : sessions) {
        for (int i = 0; i < trees.size(); i++) {
          int held = trees.get(i).held(q);
          assertEquals(held, index.prefix(slots.get(i), q), "step " + step);
          nonZero += held > 0 ? 1 : 0;
        }
      }
    }
    System.out.printf("capacity %d: non-zero answers %d, steps with a slot holding a block and not its parent %d, "
        + "index runs %d%n", capacity, nonZero, unclosed, index.runs());
    assertTrue(nonZero > 5_000, "trees must hold prefixes: " + nonZero);
    assertTrue(unclosed > 1_000, "a tree must forget a run's first blocks before the rest: " + unclosed);
  }

  private static KvCache newCache(Config cfg, PrefixIndex index) {
    KvCache c = new KvCache(80, cfg.engineTokens(), 64, EvictionPolicies.LRU.create(), cfg.host(), null);
    c.joinIndex(index);
    return c;
  }

  @Test
  void prefix_eachReplicaLeavesWhereItsPathEnds() {
    PrefixIndex index = new PrefixIndex();
    int a = index.acquire();
    int b = index.acquire();
    long[] p = {1, 2, 3, 4, 5};
    PrefixIndex.Run handle = index.add(a, p, 0, 5);
    index.add(b, p, 0, 2);
    assertEquals(5, index.prefix(a, p));
    assertEquals(2, index.prefix(b, p));
    assertEquals(2, index.runs(), "split where b's range ends");
    index.remove(a, handle, 4, 5); // the handle on block 4 still leads there after the split
    assertEquals(4, index.prefix(a, p));
    index.add(b, p, 2, 4);
    assertEquals(4, index.prefix(b, p));
    assertEquals(1, index.runs(), "equal holders along one array join again");
    long[] q = {1, 2, 9};
    assertEquals(2, index.prefix(a, q), "a branch the index does not hold");
    index.release(a);
    assertEquals(0, index.prefix(a, p));
    assertEquals(4, index.prefix(b, p));
    assertEquals(a, index.acquire(), "a freed slot is taken again");
    assertEquals(0, index.prefix(a, p));
    index.checkInvariants(true);
  }

  @Test
  void joinIndex_twice_isRefused() {
    KvCache c = new KvCache(10, 16, 64, EvictionPolicies.LRU.create(), null, null);
    PrefixIndex index = new PrefixIndex();
    c.joinIndex(index);
    assertThrows(IllegalStateException.class, () -> c.joinIndex(index));
  }
}
