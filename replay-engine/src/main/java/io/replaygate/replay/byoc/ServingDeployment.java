package io.replaygate.replay.byoc;

import io.replaygate.replay.byoc.engine.Replica;
import io.replaygate.replay.byoc.engine.Sequence;
import io.replaygate.replay.byoc.kv.PrefixIndex;
import io.replaygate.replay.byoc.kv.KvCache;
import io.replaygate.replay.byoc.kv.SharedPool;
import io.replaygate.replay.byoc.kv.TransferLink;
import io.replaygate.replay.byoc.route.Router;
import io.replaygate.replay.byoc.scale.Autoscaler;
import io.replaygate.replay.byoc.scale.ScaleSignals;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.core.EventQueue;
import io.replaygate.replay.core.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deployment at run time: its replicas (starting, serving, draining), its router, its autoscaler and
 * the KV pool its replicas share; it accounts GPU time and KV occupancy per window.
 *
 * <p>The first replicas serve from the start of the trace (a fleet already running); later ones are billed
 * from when the autoscaler asks for them and serve a cold start later. A replica scaled down stops taking
 * requests and is released when its last one finishes. At the end every replica is released at the later
 * of the trace's last arrival and its last step.
 */
final class ServingDeployment implements Replica.Listener {
  /** What the deployment reports back to its path. */
  interface Owner {
    void served(ServingDeployment d, Sequence s);

    void failed(ServingDeployment d, Sequence s);
  }

  /**
   * A replica's billed life and what it counted (zeros for one cancelled before it served). The replica itself is not
   * kept: a long run's autoscaler starts and releases many, each with a KV cache's worth of state.
   */
  record Lifetime(long startUs, long endUs, long preemptions, long gpuEvictions) {
    static Lifetime of(Replica r, long startUs, long endUs) {
      return new Lifetime(startUs, endUs, r.preemptions(), r.cache().gpuEvictions());
    }

    static Lifetime cancelled(long startUs, long endUs) {
      return new Lifetime(startUs, endUs, 0, 0);
    }
  }

  private record Starting(long startUs, long readyUs, boolean[] cancelled) {}

  final int index;
  final ClusterConfig.Deployment cfg;
  final ReplicaShape shape;
  final StepTimeModel step;
  final String poolName;
  final WindowSeries series;
  final double capacityUnitsPerReplica;
  private final Router router;
  /** Which replicas hold which prefixes on the GPU, kept when the router asks every replica's cache; else null. */
  private final PrefixIndex prefixIndex;
  private final Autoscaler scaler;
  private final SharedPool pool;
  private final ClusterConfig.Overflow overflow;
  private final io.replaygate.replay.core.Slo slo;
  private final BusinessClock business;
  private final Owner owner;
  private final double prefillSecondsPerToken;
  private final int traceBlockTokens;
  private final List<Replica> serving = new ArrayList<>();
  private final List<Replica> draining = new ArrayList<>();
  private final List<Starting> starting = new ArrayList<>();
  private final Map<Replica, Long> startOf = new HashMap<>();
  private final Map<Replica, Long> drainOf = new HashMap<>();
  final List<Lifetime> lifetimes = new ArrayList<>();
  private int nextId;
  private long poolSinceUs;
  private long turnedAway;
  /** Every generated token's gap since the sequence's previous token, µs (first tokens excluded: TTFT). */
  final org.HdrHistogram.Histogram interTokenUs = new org.HdrHistogram.Histogram(3);
  /** Requests no replica of this shape could ever serve (context window or KV cache). */
  long neverFit;
  /** Requests that went to another replica than the router's pick because the pick was at capacity. */
  long spilled;
  /** Requests whose own prefill misses the TTFT target even on an idle replica of this shape. */
  long unattainableRequests;
  long unattainableTokens;
  private double ttftSumMs;
  private long ttftCount;
  /** Busy µs of steps that started in business hours (whole replicas: × tensor parallelism for GPU time). */
  private long busyBusinessUs;
  /** Consecutive steps' inter-token gap and how many tokens came after it, recorded at once when the gap changes. */
  private long gapUs = -1;
  private long gapCount;
  /** Work served by requests arriving in business hours, replica-seconds at saturation. */
  double workBusinessSeconds;
  int peakReplicas;
  int fewestReplicas = Integer.MAX_VALUE;

  ServingDeployment(int index, ClusterConfig.Deployment cfg, ReplicaShape shape, StepTimeModel step, Router router,
      Autoscaler scaler, SharedPool pool, String poolName, ClusterConfig.Overflow overflow,
      io.replaygate.replay.core.Slo slo, double capacityUnits,
      WindowSeries series, BusinessClock business, int traceBlockTokens, Owner owner) {
    this.index = index;
    this.traceBlockTokens = Math.max(1, traceBlockTokens);
    this.cfg = cfg;
    this.shape = shape;
    this.step = step;
    this.router = router;
    this.prefixIndex = router.readsGpuCaches() ? new PrefixIndex() : null;
    this.scaler = scaler;
    this.pool = pool;
    this.poolName = poolName;
    this.overflow = overflow;
    this.slo = slo;
    this.capacityUnitsPerReplica = capacityUnits;
    this.series = series;
    this.business = business;
    this.owner = owner;
    this.prefillSecondsPerToken = 1 / ClusterDefaults.prefillTokensPerSecond(step, cfg.engine());

  }

  String name() {
    return cfg.name();
  }

  /** The fleet the trace starts with. */
  void start(long originUs) {
    poolSinceUs = originUs;
    int n = scaler.initial(originUs);
    for (int i = 0; i < n; i++) {
      Replica r = newReplica(originUs);
      startOf.put(r, originUs);
      serving.add(r);
    }
    countReplicas();
  }

  private Replica newReplica(long nowUs) {
    int id = nextId++;
    KvCache.HostTier host = null;
    TransferLink hostLink = null;
    ClusterConfig.Tiers t = cfg.tiers();
    long bytesPerBlock = shape.kvBytesPerToken() * shape.blockTokens();
    if (t.hostGbPerReplica() != null) {
      host = new KvCache.HostTier((long) (t.hostGbPerReplica() * 1e9 / bytesPerBlock), t.hostWrite(),
          t.selectiveThreshold());
      hostLink = new TransferLink(t.hostGbPerSecond() * 1e9);
    }
    TransferLink poolLink = pool == null ? null : new TransferLink(t.poolGbPerSecond() * 1e9);
    KvCache cache = new KvCache(shape.kvBlocks(), shape.blockTokens(), traceBlockTokens, cfg.eviction().create(), host,
        pool);
    if (prefixIndex != null) {
      cache.joinIndex(prefixIndex);
    }
    return new Replica(id, cfg.name() + "-" + id, shape, step, cache, cfg.engine(), hostLink, poolLink, this, nowUs);
  }

  /**
   * Runs every replica with work up to {@code t}; releases drained replicas. An idle serving replica is left where
   * it is until it is given a request ({@link #offer}) or the run ends ({@link #advanceEveryReplicaTo}): while idle
   * it finishes nothing, evicts nothing and shows the router the same figures, and its occupancy over the idle
   * stretch adds up the same whether reported in one piece or many (the series are exact).
   */
  void advanceTo(long t) {
    advance(t, false);
  }

  /**
   * Before an arrival at {@code t}: as {@link #advanceTo}, but of the serving replicas only those the router will read
   * ({@link Router#reads}) and that are not settled through {@code t} ({@link Replica#settledUntilUs}: only decoding,
   * they answer the router from their run's steps); the one it picks is run up to {@code t} in {@link #offer}. All of
   * them when a KV pool is shared: replicas then change each other's state, and must run in time order.
   */
  void advanceForArrival(long t) {
    advance(t, pool == null);
  }

  private void advance(long t, boolean onlyRead) {
    for (int i = 0; i < serving.size(); i++) { // indexed: an iterator per arrival per deployment adds up
      Replica r = serving.get(i);
      long settled = r.settledUntilUs(); // Long.MAX_VALUE while idle
      if (onlyRead ? t > settled && router.reads(r, t) : settled != Long.MAX_VALUE) {
        r.advance(t);
      }
    }
    for (int i = 0; i < draining.size(); i++) {
      Replica r = draining.get(i);
      r.advance(t);
      if (r.idle()) {
        r.cache().leaveIndex();
        draining.remove(i--);
        lifetimes.add(Lifetime.of(r, startOf.remove(r), Math.max(drainOf.remove(r), r.lastStepEndUs())));
        router.released(r);
      }
    }
    if (pool != null && t > poolSinceUs) {
      series.spread(WindowSeries.POOL_BLOCK_SECONDS, poolSinceUs, t, pool.usedBlocks());
      series.spread(WindowSeries.POOL_CAPACITY_BLOCK_SECONDS, poolSinceUs, t, pool.capacityBlocks());
      poolSinceUs = t;
    }
  }

  /** Runs every replica, idle ones included, up to {@code t}. */
  void advanceEveryReplicaTo(long t) {
    for (int i = 0; i < serving.size(); i++) {
      serving.get(i).advance(t);
    }
    advanceTo(t);
  }

  /** Serving capacity now, in capacity units. */
  double capacityUnits() {
    return serving.size() * capacityUnitsPerReplica;
  }

  /** What a deployment did with a request it was offered. */
  enum Admission {
    /** A replica took it. */
    TAKEN,
    /** Every replica is at capacity now: the next deployment, or the fallback, should serve it. */
    AT_CAPACITY,
    /** No replica of this shape can ever serve it (past the model's context window or a replica's KV cache). */
    NEVER_FITS
  }

  /**
   * Whether a replica of this shape could serve the request at all: prompt + output within the model's
   * context window and within one replica's KV cache.
   */
  boolean fits(Request r) {
    long need = (long) r.inputTokens() + Math.max(1, r.outputTokens());
    return need <= shape.model().context() && need <= shape.kvTokens();
  }

  /**
   * Offers a request, as a gateway would (DESIGN §2): the router picks a replica; if that replica is at
   * capacity the request spills to the replica with the least queued prefill that has room; only when no
   * replica has room is the deployment at capacity. A replica has room while fewer than {@code queueLimit}
   * requests wait and the prefill already queued on it would start this request within
   * {@code maxPredictedTtftMs} (0 disables that rule) — capacity signals only: the request's own prefill
   * is not capacity, and a prompt whose own prefill misses its TTFT target (the SLO's, for its prompt length)
   * even on an idle replica is served and counted as {@linkplain #unattainableRequests unattainable on this
   * shape}, not overflowed.
   */
  Admission offer(Request r, long nowUs) {
    if (!fits(r)) {
      neverFit++;
      return Admission.NEVER_FITS;
    }
    if (serving.isEmpty()) {
      turnAway(nowUs);
      return Admission.AT_CAPACITY;
    }
    Replica c = router.pick(r, serving, nowUs);
    c.advance(nowUs); // left behind when idle, or not read by the router (advanceForArrival)
    if (!hasRoom(c, r)) {
      c = spill(c, r, nowUs);
      if (c == null) {
        turnAway(nowUs);
        return Admission.AT_CAPACITY;
      }
      spilled++;
    }
    if (unattainable(c, r)) {
      unattainableRequests++;
      unattainableTokens += r.inputTokens();
    }
    c.enqueue(new Sequence(r, r.arrivalUs()));
    router.routed(r, c, nowUs);
    return Admission.TAKEN;
  }

  /**
   * Whether the request's own prefill on replica {@code c} — its tokens past the GPU-resident prefix, chunked at
   * the step budget, each chunk attending to everything before it — misses its TTFT target even with the replica
   * idle. The prefix walk is skipped when the whole prompt from its first token would make the target (the tokens
   * past a prefix never take longer than the whole prompt).
   */
  private boolean unattainable(Replica c, Request r) {
    double targetMs = slo.ttftTargetMs(r.inputTokens());
    if (idlePrefillSeconds(0, r.inputTokens()) * 1e3 <= targetMs) {
      return false;
    }
    KvCache cache = c.cache();
    long cached = cache.usableTokens(cache.routedGpuPrefix(r.blocks()), r.inputTokens());
    return idlePrefillSeconds(cached, r.inputTokens()) * 1e3 > targetMs;
  }

  /** Seconds an idle replica takes to prefill prompt tokens [from, to): step-budget chunks of the step time model. */
  private double idlePrefillSeconds(long from, long to) {
    int budget = cfg.engine().maxBatchTokens();
    double seconds = 0;
    for (long done = from; done < to; done += budget) {
      long chunk = Math.min(budget, to - done);
      seconds += step.stepSeconds(chunk, StepTimeModel.attention(done, chunk), 0, 0);
    }
    return seconds;
  }

  /**
   * Whether a replica can take one more request now (see {@link #offer}): fewer than the queue limit
   * waiting, its queued prefill within the TTFT rule, and — TPOT — a decode step of its batch with this
   * request added within {@code maxPredictedTpotMs}, so admitting it does not slow every decoding sequence
   * past the SLO.
   */
  private boolean hasRoom(Replica c, Request r) {
    if (c.waitingCount() >= overflow.queueLimit()) {
      return false;
    }
    if (overflow.maxPredictedTtftMs() > 0
        && c.pendingPrefillTokens() * prefillSecondsPerToken * 1e3 > overflow.maxPredictedTtftMs()) {
      return false;
    }
    return overflow.maxPredictedTpotMs() <= 0 || c.decodingCount() == 0
        || step.stepSeconds(0, 0, c.decodingCount() + 1, c.decodeContextTokens() + r.inputTokens()) * 1e3
            <= overflow.maxPredictedTpotMs();
  }

  /** The serving replica with the least queued prefill that has room (lowest id on ties), or null. */
  private Replica spill(Replica tried, Request r, long nowUs) {
    Replica best = null;
    for (int i = 0; i < serving.size(); i++) {
      Replica c = serving.get(i);
      c.advance(nowUs); // every replica is read here
      if (c != tried && hasRoom(c, r) && (best == null || c.pendingPrefillTokens() < best.pendingPrefillTokens())) {
        best = c;
      }
    }
    return best;
  }

  private void turnAway(long nowUs) {
    turnedAway++;
    series.add(WindowSeries.TURNED_AWAY, nowUs, 1);
  }

  /** The autoscaler's turn: start, cancel or drain replicas to match what it wants. */
  void evaluate(long nowUs, long coldStartUs, EventQueue events) {
    int provisioned = serving.size() + starting.size();
    int waiting = 0;
    for (Replica r : serving) {
      waiting += r.waitingCount();
    }
    ScaleSignals s = new ScaleSignals(nowUs, provisioned, ttftCount == 0 ? Double.NaN : ttftSumMs / ttftCount,
        serving.isEmpty() ? 0 : (double) waiting / serving.size(), turnedAway);
    ttftSumMs = 0;
    ttftCount = 0;
    turnedAway = 0;
    int want = scaler.desired(s);
    for (int i = provisioned; i < want; i++) {
      Starting st = new Starting(nowUs, nowUs + coldStartUs, new boolean[1]);
      starting.add(st);
      events.at(st.readyUs(), () -> ready(st));
    }
    for (int i = provisioned; i > want; i--) {
      if (!starting.isEmpty()) {
        Starting st = starting.remove(starting.size() - 1);
        st.cancelled()[0] = true;
        lifetimes.add(Lifetime.cancelled(st.startUs(), nowUs));
        continue;
      }
      Replica victim = serving.get(serving.size() - 1);
      for (Replica r : serving) {
        if (r.outstanding() < victim.outstanding()) {
          victim = r;
        }
      }
      serving.remove(victim);
      drainOf.put(victim, nowUs);
      draining.add(victim);
    }
    countReplicas();
  }

  private void ready(Starting st) {
    if (st.cancelled()[0]) {
      return;
    }
    starting.remove(st);
    Replica r = newReplica(st.readyUs());
    startOf.put(r, st.startUs());
    serving.add(r);
    countReplicas();
  }

  private void countReplicas() {
    int n = serving.size() + starting.size() + draining.size();
    peakReplicas = Math.max(peakReplicas, n);
    fewestReplicas = Math.min(fewestReplicas, serving.size());
  }

  /** Whether any replica still has work. */
  boolean busy() {
    for (Replica r : serving) {
      if (!r.idle()) {
        return true;
      }
    }
    for (Replica r : draining) {
      if (!r.idle()) {
        return true;
      }
    }
    return false;
  }

  /** Releases everything at the end of the trace. */
  void close(long endUs) {
    for (Replica r : serving) {
      lifetimes.add(Lifetime.of(r, startOf.get(r), Math.max(endUs, r.lastStepEndUs())));
    }
    for (Replica r : draining) {
      lifetimes.add(Lifetime.of(r, startOf.get(r), Math.max(drainOf.get(r), r.lastStepEndUs())));
    }
    for (Starting st : starting) {
      lifetimes.add(Lifetime.cancelled(st.startUs(), Math.max(st.startUs(), endUs)));
    }
    serving.clear();
    draining.clear();
    starting.clear();
    flushGaps();
    for (Lifetime l : lifetimes) {
      series.spread(WindowSeries.REPLICA_SECONDS, l.startUs(), l.endUs(), 1);
      series.spread(WindowSeries.PROVISIONED_GPU_SECONDS, l.startUs(), l.endUs(), shape.tp());
    }
  }

  /** GPU-seconds busy in steps that started in business hours. */
  double busyBusinessGpuSeconds() {
    return busyBusinessUs * (double) shape.tp() / 1e6;
  }

  double provisionedBusinessGpuSeconds() {
    double s = 0;
    for (Lifetime l : lifetimes) {
      s += business.seconds(l.startUs(), l.endUs()) * shape.tp();
    }
    return s;
  }

  long preemptions() {
    long n = 0;
    for (Lifetime l : lifetimes) {
      n += l.preemptions();
    }
    return n;
  }

  long gpuEvictions() {
    long n = 0;
    for (Lifetime l : lifetimes) {
      n += l.gpuEvictions();
    }
    return n;
  }

  SharedPool pool() {
    return pool;
  }

  // ---- Replica.Listener ----

  @Override
  public void finished(Sequence s) {
    double work = ClusterDefaults.workSeconds(shape, step, cfg.engine(), slo.tpotMs(), 1 / prefillSecondsPerToken,
        s.request().inputTokens() - s.cachedTokens(), s.request().inputTokens(), s.request().outputTokens());
    series.add(WindowSeries.WORK_SECONDS, s.arrivalUs, work);
    if (business.contains(s.arrivalUs)) {
      workBusinessSeconds += work;
    }
    ttftSumMs += (s.firstTokenUs - s.arrivalUs) / 1e3;
    ttftCount++;
    owner.served(this, s);
  }

  @Override
  public void rejected(Sequence s) {
    owner.failed(this, s);
  }

  @Override
  public void step(Replica r, long startUs, long us, int decodeTokens) {
    addGaps(us, decodeTokens);
    addBusy(startUs, us);
  }

  /**
   * A run of equal steps ({@link Replica.Listener#steps}), in one piece per window and business-hours minute it
   * starts steps in: the sums are whole µs, so they are the same as the steps added one by one.
   */
  @Override
  public void steps(Replica r, long startUs, long us, int decodeTokens, int count) {
    addGaps(us, (long) decodeTokens * count);
    long t = startUs;
    int left = count;
    while (left > 0) {
      long span = Math.min(series.windowEndUs(t), BusinessClock.minuteEndUs(t)) - t; // > 0
      int n = (int) Math.min(left, span / us + (span % us == 0 ? 0 : 1)); // steps that start in [t, t + span)
      addBusy(t, n * us);
      t += n * us;
      left -= n;
    }
  }

  /** {@code tokens} inter-token gaps of {@code us} each (runs of equal gaps gathered before the histogram). */
  private void addGaps(long us, long tokens) {
    if (tokens > 0) {
      if (us != gapUs) {
        flushGaps();
        gapUs = us;
      }
      gapCount += tokens;
    }
  }

  /** A replica busy for {@code us} from {@code startUs}, counted in the window and business hours it starts in. */
  private void addBusy(long startUs, long us) {
    series.addExact(WindowSeries.BUSY_GPU_SECONDS, startUs, us * shape.tp());
    if (business.contains(startUs)) {
      busyBusinessUs += us;
    }
  }

  private void flushGaps() {
    if (gapCount > 0) {
      interTokenUs.recordValueWithCount(Math.max(1, gapUs), gapCount);
      gapCount = 0;
    }
  }

  @Override
  public void occupancy(Replica r, long fromUs, long toUs, long gpuBlocks, long hostBlocks) {
    series.spread(WindowSeries.GPU_BLOCK_SECONDS, fromUs, toUs, gpuBlocks);
    series.spread(WindowSeries.GPU_CAPACITY_BLOCK_SECONDS, fromUs, toUs, r.cache().gpuCapacityBlocks());
    if (r.cache().hasHost()) {
      series.spread(WindowSeries.HOST_BLOCK_SECONDS, fromUs, toUs, hostBlocks);
      series.spread(WindowSeries.HOST_CAPACITY_BLOCK_SECONDS, fromUs, toUs, r.cache().hostCapacityBlocks());
    }
  }
}
