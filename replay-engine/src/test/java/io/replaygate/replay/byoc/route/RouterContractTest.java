package io.replaygate.replay.byoc.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every router ({@link Routers}), one contract: it picks one of the candidates it is given — the whole fleet or what is
 * left of it (replicas draining drop out; ids run past any buffer a router starts with) — the same inputs and seed
 * give the same picks, and no router knows what it cannot know at arrival: a request's output length changes no pick.
 */
class RouterContractTest {
  /** A replica as a router sees it, its figures set by the test. */
  static final class Target implements RoutingTarget {
    final int id;
    long pending;
    long decodeBlocks;
    int waiting;
    int outstanding;
    double kv;
    /** Leading trace blocks of any prompt this replica holds (64-token blocks). */
    int heldBlocks;
    /** Whether the router said it reads this replica in the pick under way ({@link Router#reads}). */
    boolean readable = true;
    /** State read while not {@link #readable}: figures the simulator would not have brought up to date. */
    int unannouncedReads;

    private void read() {
      if (!readable) {
        unannouncedReads++;
      }
    }

    Target(int id) {
      this.id = id;
    }

    @Override
    public int id() {
      return id;
    }

    @Override
    public int engineBlockTokens() {
      return 16;
    }

    @Override
    public long promptBlocks(long inputTokens) {
      return (inputTokens + 15) / 16;
    }

    @Override
    public long cachedPrefixTokens(Request r) {
      read();
      return Math.min((long) heldBlocks * 64, Math.max(0, r.record().inputTokens() - 1));
    }

    @Override
    public long pendingPrefillTokens() {
      read();
      return pending;
    }

    @Override
    public long activeDecodeBlocks(long nowUs) {
      read();
      return decodeBlocks;
    }

    @Override
    public int outstanding() {
      read();
      return outstanding;
    }

    @Override
    public int waitingCount() {
      read();
      return waiting;
    }

    @Override
    public double kvUtilization(long nowUs) {
      read();
      return kv;
    }

    @Override
    public long kvCapacityPromptBlocks() {
      return 500;
    }
  }

  /**
   * The picks of one router over 3,000 requests to 40 replicas whose figures and membership change as it goes; each
   * request's output length is 100 tokens, or drawn from {@code outputSeed} when it is not 0.
   */
  static List<Integer> picks(Routers which, long seed, long outputSeed) {
    return picks(which, seed, outputSeed, new int[1]);
  }

  /**
   * As {@link #picks(Routers, long, long)}, each pick reading only the candidates the router said it reads; counts in
   * {@code unread[0]} the candidates it said it does not.
   */
  static List<Integer> picks(Routers which, long seed, long outputSeed, int[] unread) {
    UniformRandomProvider outputs = RandomSource.XO_RO_SHI_RO_128_PP.create(outputSeed);
    Router router = which.create(Routers.Config.DYNAMO.with(which), RandomSource.XO_RO_SHI_RO_128_PP.create(seed));
    UniformRandomProvider world = RandomSource.XO_RO_SHI_RO_128_PP.create(99);
    List<Target> fleet = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      fleet.add(new Target(i));
    }
    List<Integer> out = new ArrayList<>();
    for (int n = 0; n < 3_000; n++) {
      for (Target t : fleet) {
        t.pending = world.nextLong(20_000);
        t.decodeBlocks = world.nextLong(2_000);
        t.waiting = world.nextInt(8);
        t.outstanding = t.waiting + world.nextInt(30);
        t.kv = world.nextDouble();
        t.heldBlocks = world.nextInt(12);
      }
      // The whole fleet, or what is left of it with some replicas draining (always in replica order, never empty).
      List<Target> candidates = n % 3 == 0 ? fleet : fleet.stream().filter(t -> world.nextInt(4) != 0).toList();
      if (candidates.isEmpty()) {
        candidates = fleet;
      }
      Request r = request(n, world, outputSeed == 0 ? 100 : outputs.nextInt(1, 8_000));
      for (Target t : candidates) {
        t.readable = router.reads(t, r.arrivalUs());
        unread[0] += t.readable ? 0 : 1;
      }
      Target chosen = router.pick(r, candidates, r.arrivalUs());
      for (Target t : candidates) {
        assertEquals(0, t.unannouncedReads, which + ": request " + n + " read replica " + t.id
            + ", which the router said it would not read");
        t.readable = true;
      }
      assertTrue(candidates.stream().anyMatch(c -> c == chosen), which + ": request " + n + " went to a replica "
          + "that was not a candidate");
      router.routed(r, chosen, r.arrivalUs());
      out.add(chosen.id());
    }
    return out;
  }

  /** Request {@code n}: one of five shared prefixes, 1–10 blocks of 64 tokens, 40 ms after the one before. */
  static Request request(int n, UniformRandomProvider world, int output) {
    int prefix = world.nextInt(5);
    long[] blocks = new long[1 + world.nextInt(10)];
    for (int k = 0; k < blocks.length; k++) {
      blocks[k] = prefix * 1_000 + k;
    }
    TraceRecord rec = TraceRecord.of(n * 1_000L, "chat", blocks.length * 64, output).withBlockHashes(blocks)
        .withArrivalUs(n * 40_000L);
    return new Request(n, rec, 64);
  }

  @ParameterizedTest
  @EnumSource(Routers.class)
  void pick_isACandidate_andTheSameForTheSameSeed(Routers which) {
    List<Integer> a = picks(which, 7, 0);
    assertEquals(a, picks(which, 7, 0), which + ": the same seed and inputs picked differently");
    assertTrue(a.stream().anyMatch(id -> id >= 16), which + ": never picked a replica past the first 16");
  }

  /**
   * The simulator runs up to an arrival only the replicas the router says a pick reads ({@link Router#reads}): a pick
   * must read no other replica's state. The EPP picker skips the replicas scraped less than 50 ms before (requests
   * come every 40 ms here), round robin reads none.
   */
  @ParameterizedTest
  @EnumSource(Routers.class)
  void pick_readsOnlyTheReplicasItSaysItReads(Routers which) {
    int[] unread = new int[1];
    picks(which, 7, 0, unread);
    if (which == Routers.EPP || which == Routers.ROUND_ROBIN) {
      assertTrue(unread[0] > 0, which + ": said it reads every replica");
    }
  }

  @ParameterizedTest
  @EnumSource(Routers.class)
  void pick_neverDependsOnTheOutputLength_noOracle(Routers which) {
    List<Integer> a = picks(which, 7, 0);
    List<Integer> b = picks(which, 7, 11);
    int first = java.util.stream.IntStream.range(0, a.size()).filter(i -> !a.get(i).equals(b.get(i))).findFirst()
        .orElse(-1);
    assertEquals(-1, first, which + ": output lengths, unknown at arrival, moved the pick of request " + first);
  }

  /**
   * Picks while the fleet turns over — every 100 requests its oldest replica drains and leaves, a new one (a new id)
   * joins — telling the router of each departure or not; and the router, for what it remembers afterwards.
   */
  static List<Integer> churnPicks(Routers which, boolean tellReleases, Router[] used) {
    Router router = which.create(Routers.Config.DYNAMO.with(which), RandomSource.XO_RO_SHI_RO_128_PP.create(3));
    used[0] = router;
    UniformRandomProvider world = RandomSource.XO_RO_SHI_RO_128_PP.create(5);
    List<Target> fleet = new ArrayList<>();
    int nextId = 0;
    for (; nextId < 20; nextId++) {
      fleet.add(new Target(nextId));
    }
    List<Integer> out = new ArrayList<>();
    for (int n = 0; n < 3_000; n++) {
      if (n > 0 && n % 100 == 0) {
        Target gone = fleet.remove(0);
        if (tellReleases) {
          router.released(gone);
        }
        fleet.add(new Target(nextId++));
      }
      for (Target t : fleet) {
        t.pending = world.nextLong(20_000);
        t.waiting = world.nextInt(8);
        t.outstanding = t.waiting + world.nextInt(30);
        t.kv = world.nextDouble();
        t.heldBlocks = world.nextInt(12);
      }
      Request r = request(n, world, 100);
      Target chosen = router.pick(r, fleet, r.arrivalUs());
      router.routed(r, chosen, r.arrivalUs());
      out.add(chosen.id());
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(Routers.class)
  void released_replicasAreForgotten_andNoPickChanges(Routers which) {
    Router[] kept = new Router[1];
    Router[] told = new Router[1];
    assertEquals(churnPicks(which, false, kept), churnPicks(which, true, told),
        which + ": forgetting replicas that left moved a pick");
    if (told[0] instanceof EppRouter epp) { // 49 replicas came and went: it remembers the 20 still there at most
      assertTrue(epp.remembered() <= 20, "EPP remembers " + epp.remembered() + " replicas");
      assertTrue(((EppRouter) kept[0]).remembered() > 20, "without releases it keeps them all");
    }
  }
}
