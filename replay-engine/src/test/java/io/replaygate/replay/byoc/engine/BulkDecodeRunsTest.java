package io.replaygate.replay.byoc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.kv.KvCache;
import io.replaygate.replay.byoc.kv.LruEviction;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.FittedStepTime;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.core.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A bulk decode reports its steps in runs of the same rounded length, found by search where a step's time never
 * decreases with its context ({@link StepTimeModel#decodeNonDecreasingInContext}). The steps must be exactly those a
 * step-by-step loop takes: the same start, length and tokens, and the same finishes.
 */
class BulkDecodeRunsTest {
  /** Every step one by one, and how many reports came as runs of more than one step. */
  private static final class Log implements Replica.Listener {
    final List<String> steps = new ArrayList<>();
    final List<String> finishes = new ArrayList<>();
    long runs;
    long stepsInRuns;

    @Override
    public void finished(Sequence s) {
      finishes.add(s.request().index() + "@" + s.finishUs);
    }

    @Override
    public void rejected(Sequence s) {
      finishes.add(s.request().index() + " rejected");
    }

    @Override
    public void step(Replica r, long startUs, long us, int decodeTokens) {
      steps.add(startUs + "+" + us + "x" + decodeTokens);
    }

    @Override
    public void steps(Replica r, long startUs, long us, int decodeTokens, int count) {
      if (count > 1) {
        runs++;
        stepsInRuns += count;
      }
      Replica.Listener.super.steps(r, startUs, us, decodeTokens, count);
    }

    /** Σ blocks × µs the replica reported holding, GPU and host. */
    long gpuBlockUs;
    long hostBlockUs;

    @Override
    public void occupancy(Replica r, long fromUs, long toUs, long gpuBlocks, long hostBlocks) {
      gpuBlockUs += (toUs - fromUs) * gpuBlocks;
      hostBlockUs += (toUs - fromUs) * hostBlocks;
    }
  }

  /** The same model, claiming no monotonicity: every step evaluated on its own. */
  private record OneByOne(StepTimeModel model) implements StepTimeModel {
    @Override
    public double stepSeconds(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext) {
      return model.stepSeconds(prefillTokens, prefillAttention, decodeSeqs, decodeContext);
    }
  }

  /** Seeded traffic: bursts and lone requests, so bulk decodes run to a finish, to an arrival, and under pressure. */
  private static Log replay(ReplicaShape shape, StepTimeModel model, long gpuBlocks) {
    return replay(shape, model, gpuBlocks, 0);
  }

  /**
   * As {@link #replay(ReplicaShape, StepTimeModel, long)}, the replica also run up to {@code cuts} seeded times
   * between one arrival and the next (a router reading it), which must change nothing.
   */
  private static Log replay(ReplicaShape shape, StepTimeModel model, long gpuBlocks, int cuts) {
    SplittableRandom cutAt = new SplittableRandom(29);
    Log log = new Log();
    Replica replica = replica(shape, model, gpuBlocks, log);
    long t = 0;
    for (Request r : traffic()) {
      long next = r.arrivalUs();
      for (int c = cutAt.nextInt(cuts + 1); c > 0 && next > t; c--) {
        replica.advance(cutAt.nextLong(t, next)); // at or before the replica's clock: nothing to run
      }
      t = next;
      replica.advance(t);
      replica.enqueue(new Sequence(r, t));
    }
    drain(replica, t);
    return log;
  }

  /** The seeded traffic every test here replays: 300 requests, 30% of them at the same instant as the one before. */
  private static List<Request> traffic() {
    SplittableRandom rng = new SplittableRandom(17);
    List<Request> requests = new ArrayList<>();
    long t = 0;
    for (int i = 0; i < 300; i++) {
      t += rng.nextInt(10) < 3 ? 0 : rng.nextLong(1, 4_000_000);
      requests.add(EngineHarness.request(i, t, rng.nextInt(16, 6_000), rng.nextInt(1, 1_500)));
    }
    return requests;
  }

  /** A replica on a GPU cache of {@code gpuBlocks} blocks (LRU, no host tier or pool), reporting to {@code log}. */
  private static Replica replica(ReplicaShape shape, StepTimeModel model, long gpuBlocks, Log log) {
    KvCache cache = new KvCache(gpuBlocks, shape.blockTokens(), shape.blockTokens(), new LruEviction(), null, null);
    return new Replica(0, "r-0", shape, model, cache, EngineConfig.DEFAULT, null, null, log, 0);
  }

  /** Runs {@code replica} from {@code t} until everything it was given is done. */
  private static void drain(Replica replica, long t) {
    while (!replica.idle()) {
      t += 1_000_000_000L;
      replica.advance(t);
    }
  }

  @Test
  void bulkDecode_runsOfEqualSteps_areTheStepsOfTheLoop() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    StepTimeModel roofline = new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT);
    assertTrue(roofline.decodeNonDecreasingInContext());
    for (long blocks : new long[] {shape.kvBlocks(), 2_000}) { // room to spare, and preemption under pressure
      Log runs = replay(shape, roofline, blocks);
      Log loop = replay(shape, new OneByOne(roofline), blocks);
      assertTrue(runs.runs > 0 && runs.stepsInRuns > runs.steps.size() / 2,
          "most decode steps come in runs: " + runs.stepsInRuns + " of " + runs.steps.size());
      assertEquals(0, loop.runs, "without the property every step is its own report");
      assertEquals(300, loop.finishes.size());
      assertSame(loop.finishes, runs.finishes, "finish");
      assertSame(loop.steps, runs.steps, "step");
    }
  }

  /**
   * The simulator runs a replica up to an arrival only when a router reads it or it takes the request
   * ({@code Router.reads}): a replica run up to many times in between must take the same steps, finish the same
   * sequences at the same times and report the same occupancy as one run once, at the arrivals alone.
   */
  @Test
  void advance_cutAnywhere_sameStepsFinishesAndOccupancy() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    StepTimeModel roofline = new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT);
    for (StepTimeModel model : List.of(roofline, new OneByOne(roofline))) {
      for (long blocks : new long[] {shape.kvBlocks(), 2_000}) {
        Log once = replay(shape, model, blocks, 0);
        Log cut = replay(shape, model, blocks, 40);
        assertEquals(300, once.finishes.size());
        assertSame(once.finishes, cut.finishes, "finish");
        assertSame(once.steps, cut.steps, "step");
        assertEquals(once.gpuBlockUs, cut.gpuBlockUs, "GPU block-µs");
        assertEquals(once.hostBlockUs, cut.hostBlockUs, "host block-µs");
        assertTrue(once.gpuBlockUs > 0);
      }
    }
  }

  /**
   * A replica settled through a time ({@link Replica#settledUntilUs}: only decoding, nothing waiting, no finish yet) is
   * not run up to an arrival there, and answers the router from its run's steps. Twins take the same seeded traffic and
   * are read at seeded times between arrivals: one is run up to every read, the other only when the read is past its
   * settled time. Every figure a router reads must be the same, and so must both twins' steps, finishes and occupancy.
   */
  @Test
  void settled_readBetweenRuns_answersAsARunUpToThen() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    StepTimeModel roofline = new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT);
    for (long blocks : new long[] {shape.kvBlocks(), 2_000}) { // room to spare, and preemption under pressure
      Log runLog = new Log();
      Log lazyLog = new Log();
      Replica run = replica(shape, roofline, blocks, runLog);
      Replica lazy = replica(shape, roofline, blocks, lazyLog);
      SplittableRandom readAt = new SplittableRandom(31);
      long t = 0;
      int unrun = 0;
      int grew = 0;
      for (Request r : traffic()) {
        long next = r.arrivalUs();
        long[] reads = readAt.longs(readAt.nextInt(0, 30), t, next + 1).sorted().toArray();
        for (long at : reads) {
          run.advance(at);
          if (at > lazy.settledUntilUs()) {
            lazy.advance(at);
          } else if (at > lazy.clockUs()) {
            unrun++;
            grew += lazy.activeDecodeBlocks(at) > lazy.activeDecodeBlocks(lazy.clockUs()) ? 1 : 0;
          }
          String where = "blocks " + blocks + ", read at " + at;
          assertEquals(run.activeDecodeBlocks(at), lazy.activeDecodeBlocks(at), where + ": active decode blocks");
          assertEquals(run.kvUtilization(at), lazy.kvUtilization(at), where + ": KV utilisation");
          assertEquals(run.pendingPrefillTokens(), lazy.pendingPrefillTokens(), where + ": pending prefill");
          assertEquals(run.waitingCount(), lazy.waitingCount(), where + ": waiting");
          assertEquals(run.outstanding(), lazy.outstanding(), where + ": outstanding");
          assertEquals(run.cachedPrefixTokens(r), lazy.cachedPrefixTokens(r), where + ": cached prefix");
        }
        t = next;
        for (Replica x : List.of(run, lazy)) {
          x.advance(t);
          x.enqueue(new Sequence(r, t));
        }
      }
      drain(run, t);
      drain(lazy, t);
      assertTrue(unrun > 500 && grew > unrun / 4, "reads answered without a run: " + unrun + ", " + grew + " grown");
      assertEquals(300, runLog.finishes.size());
      assertSame(runLog.finishes, lazyLog.finishes, "finish");
      assertSame(runLog.steps, lazyLog.steps, "step");
      assertEquals(runLog.gpuBlockUs, lazyLog.gpuBlockUs, "GPU block-µs");
    }
  }

  /** The two logs are equal, else the first entry that differs is named (they run to tens of thousands). */
  private static void assertSame(List<String> expected, List<String> actual, String what) {
    for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
      assertEquals(expected.get(i), actual.get(i), what + " " + i + " differs");
    }
    assertEquals(expected.size(), actual.size(), what + "s");
  }

  @Test
  void fittedModel_withANegativeContextCoefficient_stepsOneByOne() {
    // A fit keeps what the data says, a context coefficient below zero included: its steps then shrink as the
    // context grows, and a replica must not search them.
    assertFalse(fitted(-1e-8).decodeNonDecreasingInContext());
    assertTrue(fitted(1e-8).decodeNonDecreasingInContext());
  }

  /** A model fitted to exact steps of 10 ms + 10 µs a prefill token + 100 µs a sequence + {@code perContext} s. */
  private static FittedStepTime fitted(double perContext) {
    List<FittedStepTime.Measurement> m = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(5);
    for (int i = 0; i < 40; i++) {
      long prefill = rng.nextInt(0, 4_096);
      double attention = prefill * (double) rng.nextInt(0, 8_192);
      int seqs = rng.nextInt(1, 64);
      long context = seqs * (long) rng.nextInt(100, 8_000);
      m.add(new FittedStepTime.Measurement(prefill, attention, seqs, context,
          0.01 + 1e-5 * prefill + 1e-12 * attention + 1e-4 * seqs + perContext * context));
    }
    return FittedStepTime.fit(m);
  }
}
