package io.replaygate.replay.byoc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.kv.KvCache;
import io.replaygate.replay.byoc.kv.LruEviction;
import io.replaygate.replay.byoc.kv.TransferLink;
import io.replaygate.replay.byoc.kv.WritePolicy;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sequence loading its prefix from the host tier is admitted (it holds its KV blocks) but does not decode until
 * its prefill is done: the steps the replica runs for the others meanwhile — bulk decodes included — generate
 * nothing for it.
 */
class HostLoadTest implements Replica.Listener {
  final List<Sequence> finished = new ArrayList<>();

  @Test
  void sequenceLoadingFromHost_generatesNothing_untilItsPrefillEnds() {
    ReplicaShape shape = EngineHarness.shape("llama-3.1-8b", 1, Dtype.FP8);
    // 24 GPU blocks of 16 tokens; the host keeps a copy of every committed block; a link that loads a block faster
    // than it is recomputed, yet not in no time (the replica's next decode step starts before the load is done).
    KvCache cache = new KvCache(24, 16, 16, new LruEviction(), new KvCache.HostTier(1_000, WritePolicy.WRITE_THROUGH,
        0), null);
    long bytesPerBlock = shape.kvBytesPerToken() * 16;
    Replica r = new Replica(0, "r-0", shape, new RooflineStepTime(shape, RooflineStepTime.Params.DEFAULT), cache,
        EngineConfig.DEFAULT, new TransferLink(bytesPerBlock / 0.5e-6), null, this, 0); // a block per 0.5 µs
    arrive(r, request(0, 0, 64, 1, 1, 2, 3, 4)); // X: its 4 blocks, on the GPU and (written through) on the host
    drain(r);
    long t = r.clockUs() + 1_000_000;
    arrive(r, request(1, t, 336, 1, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31));
    // Y (21 blocks) pushed X's tail off the GPU
    drain(r);
    t = r.clockUs() + 1_000_000;
    arrive(r, request(2, t, 32, 150, 41, 42)); // A decodes for a while
    t += 200_000;
    arrive(r, request(3, t, 64, 2, 1, 2, 3, 4)); // B: X's prompt, its tail now only on the host
    drain(r);
    Sequence b = finished.stream().filter(s -> s.request().index() == 3).findFirst().orElseThrow();
    assertTrue(b.hostHitTokens > 0, "B's prefix comes from the host: " + b.hostHitTokens);
    // Its second (last) token is a decode step after its first, not credited while it waited for its blocks.
    assertTrue(b.finishUs > b.firstTokenUs, "B finished at its first token: " + b.finishUs);
    assertEquals(2, b.generated);
    Sequence a = finished.stream().filter(s -> s.request().index() == 2).findFirst().orElseThrow();
    assertEquals(150, a.generated);
    assertEquals(0, r.outstanding());
  }

  static Request request(long index, long us, int input, int output, long... hashes) {
    return new Request(index, new TraceRecord(us, "r" + index, null, "m", null, null, null, input, output, null, null,
        hashes, null, null, null, null), 16);
  }

  static void arrive(Replica r, Request q) {
    r.advance(q.arrivalUs());
    r.enqueue(new Sequence(q, q.arrivalUs()));
  }

  static void drain(Replica r) {
    long t = r.clockUs();
    while (!r.idle()) {
      t += 1_000_000_000L;
      r.advance(t);
    }
  }

  @Override
  public void finished(Sequence s) {
    finished.add(s);
  }

  @Override
  public void rejected(Sequence s) {
    throw new AssertionError("rejected " + s.request().index());
  }

  @Override
  public void step(Replica r, long startUs, long us, int decodeTokens) {}

  @Override
  public void occupancy(Replica r, long fromUs, long toUs, long gpuBlocks, long hostBlocks) {}
}
