package io.replaygate.replay.byoc.engine;

import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.byoc.kv.KvCache;
import io.replaygate.replay.byoc.kv.LruEviction;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;

/** Test harness: one replica driven directly, recording what it finishes and every step it runs. */
public final class EngineHarness implements Replica.Listener {
  public final List<Sequence> finished = new ArrayList<>();
  final List<Sequence> rejected = new ArrayList<>();
  public double busySeconds;
  long steps;
  public final Replica replica;

  public EngineHarness(ReplicaShape shape, StepTimeModel step, EngineConfig engine, long gpuBlocks) {
    KvCache cache = new KvCache(gpuBlocks, shape.blockTokens(), shape.blockTokens(), new LruEviction(), null, null);
    replica = new Replica(0, "r-0", shape, step, cache, engine, null, null, this, 0);
  }

  public static ReplicaShape shape(String model, int tp, Dtype weights) {
    return shape(model, "H100-SXM-80GB", tp, weights);
  }

  public static ReplicaShape shape(String model, String gpu, int tp, Dtype weights) {
    return shape(model, gpu, tp, weights, Dtype.BF16);
  }

  /** A vLLM-style replica (16-token blocks, 90% of memory, 4 GB reserve) with {@code kv} cache elements. */
  public static ReplicaShape shape(String model, String gpu, int tp, Dtype weights, Dtype kv) {
    return new ReplicaShape(ModelTable.bundled().find(model).orElseThrow(), GpuCatalog.bundled().spec(gpu), tp,
        weights, kv, 16, 0.9, 4);
  }

  /** A request with no block hashes (no prefix reuse) at {@code us}. */
  public static Request request(long index, long us, int input, int output) {
    return new Request(index, new TraceRecord(us, "r" + index, null, "m", null, null, null, input, output, null, null,
        null, null, null, null, null), 0);
  }

  public void arrive(Request r) {
    replica.advance(r.arrivalUs());
    replica.enqueue(new Sequence(r, r.arrivalUs()));
  }

  public void drain() {
    long t = replica.clockUs();
    while (!replica.idle()) {
      t += 1_000_000_000L;
      replica.advance(t);
    }
  }

  /**
   * Output tokens per second of {@code n} requests of {@code input} + {@code output} tokens arriving at once
   * on one replica of {@code shape} under the roofline with {@code params}, until the last finishes: what an
   * offline throughput benchmark ({@code vllm bench throughput}, {@code trtllm-bench}) reports as output throughput.
   */
  public static double saturatedThroughput(ReplicaShape shape, RooflineStepTime.Params params, EngineConfig engine,
      int n, int input, int output) {
    EngineHarness h = new EngineHarness(shape, new RooflineStepTime(shape, params), engine, shape.kvBlocks());
    for (int i = 0; i < n; i++) {
      h.arrive(request(i, 0, input, output));
    }
    h.drain();
    long last = h.finished.stream().mapToLong(s -> s.finishUs).max().orElseThrow();
    return (double) n * output / (last / 1e6);
  }

  @Override
  public void finished(Sequence s) {
    finished.add(s);
  }

  @Override
  public void rejected(Sequence s) {
    rejected.add(s);
  }

  @Override
  public void step(Replica r, long startUs, long us, int decodeTokens) {
    busySeconds += us / 1e6;
    steps++;
  }

  @Override
  public void occupancy(Replica r, long fromUs, long toUs, long gpuBlocks, long hostBlocks) {}
}
