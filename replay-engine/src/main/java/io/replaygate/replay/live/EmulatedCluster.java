package io.replaygate.replay.live;

import io.replaygate.replay.byoc.route.RoundRobinRouter;
import io.replaygate.replay.byoc.route.Router;
import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import java.util.List;

/**
 * A deployment's replicas behind one of the project's routers, in real (scaled) time: what {@link Emulator}
 * serves. Each request is routed by the same {@link Router} implementation the simulator uses, reading the
 * emulated replicas through {@link io.replaygate.replay.byoc.route.RoutingTarget} — their prefix caches (looked up
 * without touching recency), prefill queued, decode blocks, queue and KV use, as they stand at that moment — then
 * counted as queued on the chosen replica before the next request is routed, so concurrent requests see each
 * other's placement. The router's clock is model time: wall time since the cluster started ÷ the time scale.
 *
 * <p>The request a router reads is built from what the server knows: the prompt's token count and its chained
 * block hashes, the output tokens asked for; no session (an API request carries none), so session affinity falls
 * back to the prompt's first block, as it does for a trace without sessions.
 */
public final class EmulatedCluster {
  private final List<EmulatedReplica> replicas;
  private final Router router;
  private final double timeScale;
  private final long startNanos = System.nanoTime();
  private final int blockTokens;
  private long routedCount;

  public EmulatedCluster(List<EmulatedReplica> replicas, Router router, double timeScale) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("a cluster has at least one replica");
    }
    if (!(timeScale > 0)) {
      throw new IllegalArgumentException("time scale must be positive");
    }
    this.replicas = List.copyOf(replicas);
    this.router = router;
    this.timeScale = timeScale;
    this.blockTokens = replicas.get(0).blockTokens();
    for (EmulatedReplica r : replicas) {
      if (r.blockTokens() != blockTokens) {
        throw new IllegalArgumentException("every replica of a cluster has the same block size");
      }
    }
  }

  /** One replica (nothing to route). */
  public static EmulatedCluster of(EmulatedReplica one) {
    return new EmulatedCluster(List.of(one), new RoundRobinRouter(), 1);
  }

  public int blockTokens() {
    return blockTokens;
  }

  public List<EmulatedReplica> replicas() {
    return replicas;
  }

  /** Routes the request, then serves it on the chosen replica ({@link EmulatedReplica#serve}). */
  public EmulatedReplica.Served serve(int tokens, long[] blockHashes, int outputTokens,
      EmulatedReplica.TokenSink sink) throws InterruptedException, java.io.IOException {
    EmulatedReplica chosen = route(tokens, blockHashes, outputTokens);
    return chosen.serveAdmitted(tokens, blockHashes, outputTokens, sink);
  }

  /** The router's pick, counted as queued there before the next request is routed. */
  EmulatedReplica route(int tokens, long[] blockHashes, int outputTokens) {
    synchronized (this) {
      long nowUs = Math.round((System.nanoTime() - startNanos) / 1e3 / timeScale);
      Request r = new Request(routedCount++, TraceRecord.of(nowUs, "emulated", tokens, outputTokens)
          .withBlockHashes(blockHashes), blockTokens);
      EmulatedReplica chosen = replicas.size() == 1 ? replicas.get(0) : router.pick(r, replicas, nowUs);
      chosen.admit(tokens);
      router.routed(r, chosen, nowUs);
      return chosen;
    }
  }

  int running() {
    return replicas.stream().mapToInt(EmulatedReplica::running).sum();
  }

  int waiting() {
    return replicas.stream().mapToInt(EmulatedReplica::waiting).sum();
  }

  /** KV cache in use over the cluster, 0..1 (the replicas' mean: they have the same capacity). */
  double cacheUsage() {
    return replicas.stream().mapToDouble(EmulatedReplica::cacheUsage).average().orElse(0);
  }

  long queriedTokens() {
    return replicas.stream().mapToLong(x -> x.queriedTokens.get()).sum();
  }

  long hitTokens() {
    return replicas.stream().mapToLong(x -> x.hitTokens.get()).sum();
  }

  long promptTokens() {
    return replicas.stream().mapToLong(x -> x.promptTokens.get()).sum();
  }

  long generatedTokens() {
    return replicas.stream().mapToLong(x -> x.generatedTokens.get()).sum();
  }

  long succeeded() {
    return replicas.stream().mapToLong(x -> x.succeeded.get()).sum();
  }
}
