package io.replaygate.replay.byoc.engine;

import io.replaygate.replay.byoc.kv.KvCache;
import io.replaygate.replay.byoc.kv.TransferLink;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One serving replica: continuous batching with chunked prefill over its own {@link KvCache} (DESIGN §4).
 *
 * <p>Each step: every decoding sequence generates one token; the rest of the step's token budget goes to
 * prefill chunks, first of running sequences, then of waiting ones admitted in arrival order while fewer
 * than {@code maxRunning} run. Admission pins the prompt's cached prefix and reserves GPU blocks for the
 * rest; blocks found in host memory or the shared pool are loaded when that is faster than recomputing
 * them (the sequence starts its prefill when the load is done). A prefill's last chunk emits the first
 * token and puts the prompt's blocks in the index. A decoding sequence that needs a block when none can be
 * freed preempts the most recently admitted sequence, which goes back to the head of the queue and is
 * recomputed (prompt and generated tokens) when readmitted.
 *
 * <p><b>Speed.</b> While the batch is decode only and nothing can join it, steps differ only in the KV
 * they read; the replica then runs them in bulk — step times in a tight loop, no per-sequence work — up
 * to the next completion or the time it was asked to reach.
 */
public final class Replica implements io.replaygate.replay.byoc.route.RoutingTarget {
  /** What the cluster hears from a replica. */
  public interface Listener {
    /** A sequence generated its last token. */
    void finished(Sequence s);

    /** A sequence that can never fit this replica's KV cache (longer than all of it). */
    void rejected(Sequence s);

    /**
     * A step ran from {@code startUs} for {@code us} µs (at least 1), generating one token for each of
     * {@code decodeTokens} decoding sequences: each of those tokens came {@code us} after the sequence's
     * previous one (the inter-token gap a client sees, a long prefill chunk in the step included).
     */
    void step(Replica r, long startUs, long us, int decodeTokens);

    /**
     * {@code count} steps of {@code us} µs each, back to back from {@code startUs}, each generating one token for each
     * of {@code decodeTokens} sequences: the same as {@code count} calls of {@link #step}, which is what this default
     * makes (a bulk decode reports its steps in runs of the same length, {@link #bulkDecode}).
     */
    default void steps(Replica r, long startUs, long us, int decodeTokens, int count) {
      for (int i = 0; i < count; i++) {
        step(r, startUs + i * us, us, decodeTokens);
      }
    }

    /** Between two times the replica held this many GPU / host blocks. */
    void occupancy(Replica r, long fromUs, long toUs, long gpuBlocks, long hostBlocks);
  }

  private final int id;
  private final String name;
  private final ReplicaShape shape;
  private final StepTimeModel step;
  private final KvCache cache;
  private final EngineConfig cfg;
  private final TransferLink hostLink;
  private final TransferLink poolLink;
  private final Listener listener;
  private final double emptyStepSeconds;
  private final ArrayDeque<Sequence> waiting = new ArrayDeque<>();
  private final List<Sequence> running = new ArrayList<>();
  /**
   * The running sequences not yet decoding, in the order of {@link #running}: the step's prefill chunks are handed out
   * over these alone (a full batch is mostly decoding sequences, which every step's loops used to pass over).
   */
  private final List<Sequence> prefilling = new ArrayList<>();
  /** The sequences with a prefill chunk in the step being built (their {@code chunk} is set meanwhile). */
  private final List<Sequence> chunks = new ArrayList<>();
  /**
   * Bumped whenever the running sequences or their lengths change other than by a bulk decode (admission, a step's
   * decode, a prefill's end, a finish, a preemption); {@link #bulkDecode} carries its {@code k} and reservation over to
   * the next bulk decode while it stays the same ({@link #bulkVersion}, {@link #bulkK}, {@link #bulkNeed}).
   */
  private long runningVersion;
  private long bulkVersion = -1;
  private int bulkK;
  private long bulkNeed;
  /** The next decode step's µs at the context the last bulk decode left, carried over with {@link #bulkK}. */
  private long bulkUs;
  /**
   * Tokens every decoding sequence generated in bulk decodes and not yet credited to it: its {@code generated} and
   * {@code held} lag by these until {@link #settle} (before anything reads or changes a running sequence). A bulk
   * decode stopped by an arrival, not by a finish, then costs no pass over the batch: the blocks the batch grew by
   * come from its lengths' residues modulo the engine block ({@link #grownBy}), grouped when the batch last changed.
   */
  private int pendingTokens;
  /** {@link #grownBy}({@link #pendingTokens}): what the last bulk decode's batch took, not evaluated again by the next. */
  private long pendingGrown;
  /** Distinct residues (length mod engine block) of the decoding sequences at their last crediting, and how many. */
  private int[] residues = new int[16];
  private int[] residueCounts = new int[16];
  private int residueKinds;
  /** Σ {@link #residueCounts}: the decoding sequences at their last grouping. */
  private int residueTotal;
  /** Per residue, while grouping (engine blocks up to {@link #GROUPED_BLOCK_TOKENS} tokens; else one entry each). */
  private int[] perResidue;
  private static final int GROUPED_BLOCK_TOKENS = 4096;
  /** The sequences a bulk decode finished (reused: the loops here run per step, and index rather than iterate). */
  private final List<Sequence> finished = new ArrayList<>();
  private long clockUs;
  /** Where a bulk decode stopped short of its first finish leaves the replica settled until; else below the clock. */
  private long bulkSettledUntilUs = Long.MIN_VALUE;
  /**
   * {@link #settledUntilUs()}, kept as the replica changes (it changes only in {@link #enqueue} and {@link #advance}):
   * the deployment reads it for every replica at every arrival, and a field on the replica costs no visit to its
   * queues.
   */
  private long settledUntilUs = Long.MAX_VALUE;
  /**
   * Where {@link #stepsRunBy} got to in the settled run since the replica last ran (a router reads it at every
   * arrival): the start of a run of equal steps, the context and the steps taken before it, its steps' µs and length,
   * and the next step's µs where finding the run evaluated it (a run of one step; else −1).
   */
  private boolean peekValid;
  private long peekStartUs;
  private long peekContext;
  private int peekDone;
  private long peekUs;
  private int peekSteps;
  private long peekNextUs;
  /** What the last {@link #equalRun} found of the step after its run: its µs if evaluated (a run of one step), else −1. */
  private long runNextUs;
  private long lastStepEndUs;
  private long busyUs;
  private long preemptions;
  private long decodeContext;
  private int decoding;
  /** Prompt tokens of the waiting sequences. */
  private long queuedPrefillTokens;
  /**
   * Prefill tokens the running sequences still have to compute: Σ (target − done) over those not decoding, kept as
   * they change rather than summed for every router's question (one per replica per request).
   */
  private long runningPrefillTokens;

  public Replica(int id, String name, ReplicaShape shape, StepTimeModel step, KvCache cache, EngineConfig cfg,
      TransferLink hostLink, TransferLink poolLink, Listener listener, long startUs) {
    this.id = id;
    this.name = name;
    this.shape = shape;
    this.step = step;
    this.cache = cache;
    this.cfg = cfg;
    this.hostLink = hostLink;
    this.poolLink = poolLink;
    this.listener = listener;
    this.clockUs = startUs;
    this.emptyStepSeconds = step.stepSeconds(0, 0, 0, 0);
  }

  // ---- what routers and the cluster see ----

  @Override
  public int id() {
    return id;
  }

  @Override
  public int engineBlockTokens() {
    return cache.engineBlockTokens();
  }

  @Override
  public long promptBlocks(long inputTokens) {
    return cache.promptBlocks(inputTokens);
  }

  @Override
  public long cachedPrefixTokens(io.replaygate.replay.core.Request r) {
    return cache.usableTokens(cache.routedGpuPrefix(r.blocks()), r.inputTokens());
  }

  @Override
  public long kvCapacityPromptBlocks() {
    return shape.kvTokens() / Math.max(1, cache.traceBlockTokens());
  }

  public String name() {
    return name;
  }

  public KvCache cache() {
    return cache;
  }

  public ReplicaShape shape() {
    return shape;
  }

  /** Sequences decoding now (one token each per step). */
  public int decodingCount() {
    return decoding;
  }

  /** Σ of the decoding sequences' context lengths (KV tokens a decode step reads). */
  public long decodeContextTokens() {
    return decodeContext;
  }

  @Override
  public int waitingCount() {
    return waiting.size();
  }

  public int runningCount() {
    return running.size();
  }

  /** Requests queued or running. */
  @Override
  public int outstanding() {
    return waiting.size() + running.size();
  }

  public boolean idle() {
    return waiting.isEmpty() && running.isEmpty();
  }

  /**
   * Engine blocks held by decoding sequences at {@code nowUs} (Dynamo's "active decode blocks"): the replica must have
   * been run up to now, or be settled until then ({@link #settledUntilUs}).
   */
  @Override
  public long activeDecodeBlocks(long nowUs) {
    return cache.promptBlocks(decodeContext + (long) decoding * stepsRunBy(nowUs)) + decoding;
  }

  /** GPU KV blocks in use at {@code nowUs} ÷ capacity (run up to now, or settled until then, as above). */
  @Override
  public double kvUtilization(long nowUs) {
    int steps = stepsRunBy(nowUs);
    long grown = steps == 0 ? 0 : grownBy(pendingTokens + steps) - pendingGrown;
    return (double) (cache.gpuUsedBlocks() + grown) / cache.gpuCapacityBlocks();
  }

  /**
   * Until when (µs) running the replica would only go on with the bulk decode it was stopped in
   * ({@link #bulkDecode}): nothing waits or prefills, and the steps before the first finish are not all started. Up to
   * then, what routers read of it stays as it is but for the batch's growth, which {@link #activeDecodeBlocks(long)} and
   * {@link #kvUtilization(long)} answer from the run's steps without running it; so the deployment need not run it up
   * to every arrival. Running it there would change nothing else: with nothing waiting, a resumed bulk decode admits
   * nothing, and its steps, finishes and occupancy do not depend on where it is cut. Its clock otherwise (nothing
   * beyond it is known without running it); unbounded while idle.
   */
  public long settledUntilUs() {
    assert settledUntilUs == settledByDefinition() : settledUntilUs + " kept vs " + settledByDefinition();
    return settledUntilUs;
  }

  /** {@link #settledUntilUs()} by its definition (assertions hold the kept field to it). */
  private long settledByDefinition() {
    return idle() ? Long.MAX_VALUE : Math.max(clockUs, bulkSettledUntilUs);
  }

  /** Decode steps a run up to {@code nowUs} would start after the clock (0 when now is within the step in flight). */
  private int stepsRunBy(long nowUs) {
    if (nowUs <= clockUs || decoding == 0) {
      return 0;
    }
    assert nowUs <= settledUntilUs() : name + " read at " + nowUs + " but settled only until " + settledUntilUs()
        + ": run it up to then first";
    if (!peekValid || nowUs < peekStartUs) {
      peekValid = true;
      peekStartUs = clockUs;
      peekContext = decodeContext;
      peekDone = 0;
      peekUs = bulkUs;
      peekSteps = equalRun(peekContext, peekUs, bulkK);
      peekNextUs = runNextUs;
    }
    while (nowUs > peekStartUs + peekSteps * peekUs) { // the next run's first step starts before now
      peekStartUs += peekSteps * peekUs;
      peekContext += (long) peekSteps * decoding;
      peekDone += peekSteps;
      peekUs = peekNextUs >= 0 ? peekNextUs : decodeStepUs(peekContext); // a lone step's successor is known
      peekSteps = equalRun(peekContext, peekUs, bulkK - peekDone);
      peekNextUs = runNextUs;
    }
    long span = nowUs - peekStartUs; // > 0: steps of the run that start before now, ⌈span ÷ µs⌉ ≤ its length
    return peekDone + (int) ((span + peekUs - 1) / peekUs);
  }

  /**
   * How many decode steps from context {@code ctx}, the first taking {@code us}, take {@code us} (at most {@code cap}):
   * the second step's time decides whether a run follows (found by {@link #equalSteps} where the time never decreases,
   * else step by step). Sets {@link #runNextUs}: a lone step's successor is that second step, evaluated here, which the
   * caller's next run starts with rather than evaluate it again.
   */
  private int equalRun(long ctx, long us, int cap) {
    runNextUs = -1;
    if (cap <= 1 || !step.decodeNonDecreasingInContext()) {
      return 1;
    }
    long next = decodeStepUs(ctx + decoding);
    if (next != us) {
      runNextUs = next;
      return 1;
    }
    return equalSteps(ctx, us, cap);
  }

  /** Prompt tokens still to prefill, queued and running (the work ahead of a new request). */
  @Override
  public long pendingPrefillTokens() {
    assert runningPrefillTokens == runningPrefillBySum() : runningPrefillTokens + " vs " + runningPrefillBySum();
    return queuedPrefillTokens + runningPrefillTokens;
  }

  /** {@link #runningPrefillTokens} by its definition (assertions hold the two equal). */
  private long runningPrefillBySum() {
    long t = 0;
    List<Sequence> notDecoding = new ArrayList<>();
    for (Sequence s : running) {
      if (!s.decoding) {
        t += s.prefillTarget - s.prefillDone;
        notDecoding.add(s);
      }
    }
    assert notDecoding.equals(prefilling) : "the prefilling list is the running sequences not decoding, in order";
    return t;
  }

  public long clockUs() {
    return clockUs;
  }

  /** When the replica's last step ended (its GPUs were last busy). */
  public long lastStepEndUs() {
    return lastStepEndUs;
  }

  public long busyUs() {
    return busyUs;
  }

  public long preemptions() {
    return preemptions;
  }

  /** Seconds to prefill {@code tokens} tokens after {@code done} cached ones, beyond an empty step. */
  public double prefillSeconds(long done, long tokens) {
    return Math.max(0, step.stepSeconds(tokens, StepTimeModel.attention(done, tokens), 0, 0) - emptyStepSeconds);
  }

  // ---- driving it ----

  /** A request joins the queue; the replica must have been advanced to its arrival. */
  public void enqueue(Sequence s) {
    assert clockUs >= s.arrivalUs : name + " at " + clockUs + " given a request arriving at " + s.arrivalUs
        + ": advance it first, or it would run the request before it arrived";
    s.replica = this;
    bulkSettledUntilUs = Long.MIN_VALUE; // it may be admitted at the next step
    waiting.add(s);
    queuedPrefillTokens += s.input;
    settledUntilUs = clockUs;
  }

  /** Runs steps until the clock reaches {@code untilUs} (a step in flight then finishes after it). */
  public void advance(long untilUs) {
    if (clockUs >= untilUs) {
      return;
    }
    peekValid = false;
    while (clockUs < untilUs) {
      bulkSettledUntilUs = Long.MIN_VALUE;
      if (running.isEmpty() && waiting.isEmpty()) {
        idleUntil(untilUs);
        break;
      }
      long prefillTokens = 0;
      double attention = 0;
      int budget = cfg.maxBatchTokens() - decoding;
      chunks.clear();
      for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
          admit(budget);
        }
        for (int i = 0; i < prefilling.size(); i++) {
          Sequence s = prefilling.get(i);
          if (budget <= 0) {
            break;
          }
          if (s.readyUs > clockUs || s.chunk > 0) {
            continue;
          }
          s.chunk = Math.min(s.prefillTarget - s.prefillDone, budget);
          chunks.add(s);
          prefillTokens += s.chunk;
          attention += StepTimeModel.attention(s.cachedAtAdmission + s.prefillDone, s.chunk);
          budget -= (int) s.chunk;
        }
      }
      if (prefillTokens == 0 && decoding == 0) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < prefilling.size(); i++) { // every running sequence: none decodes
          next = Math.min(next, prefilling.get(i).readyUs);
        }
        if (next == Long.MAX_VALUE || next <= clockUs) {
          rejectHead();
          continue;
        }
        idleUntil(Math.min(untilUs, next));
        continue;
      }
      if (prefillTokens == 0) {
        // Decode only: whoever waits could not be admitted now and cannot be until a sequence finishes.
        long horizon = untilUs;
        for (int i = 0; i < prefilling.size(); i++) {
          horizon = Math.min(horizon, Math.max(prefilling.get(i).readyUs, clockUs + 1));
        }
        bulkDecode(horizon);
        continue;
      }
      long start = clockUs;
      double dt = step.stepSeconds(prefillTokens, attention, decoding, decodeContext);
      finishStep(start, dt, decoding);
      for (int i = 0; i < chunks.size(); i++) {
        Sequence s = chunks.get(i);
        s.prefillDone += s.chunk;
        runningPrefillTokens -= s.chunk;
        if (s.prefillDone >= s.prefillTarget) {
          endPrefill(s);
        }
      }
      decodeOne();
      for (int i = 0; i < chunks.size(); i++) {
        chunks.get(i).chunk = 0;
      }
    }
    settledUntilUs = settledByDefinition();
  }

  private void idleUntil(long t) {
    if (t > clockUs) {
      listener.occupancy(this, clockUs, t, cache.gpuUsedBlocks(), cache.hostUsedBlocks());
      clockUs = t;
    }
  }

  private void finishStep(long start, double seconds, int decodeTokens) {
    long us = wholeUs(seconds);
    clockUs = start + us;
    lastStepEndUs = clockUs;
    busyUs += us;
    listener.step(this, start, us, decodeTokens);
    listener.occupancy(this, start, clockUs, cache.gpuUsedBlocks(), cache.hostUsedBlocks());
  }

  /** Admits waiting sequences in order while the step has budget, a running slot and KV memory. */
  private void admit(int budget) {
    while (budget > 0 && !waiting.isEmpty() && running.size() < cfg.maxRunning()) {
      Sequence s = waiting.peek();
      if (!tryAdmit(s)) {
        return;
      }
      waiting.poll();
      queuedPrefillTokens -= s.input;
      settle();
      running.add(s);
      runningVersion++;
      prefilling.add(s);
      runningPrefillTokens += s.prefillTarget - s.prefillDone;
      budget -= (int) Math.min(budget, s.prefillTarget);
    }
  }

  private boolean tryAdmit(Sequence s) {
    KvCache.Lookup at = cache.lookup(s.hashes);
    int g = at.gpu();
    cache.pin(s.hashes, g, clockUs);
    long nodeOwned = cache.ownedBlocks(0, g, s.input);
    long length = s.length();
    long need = cache.promptBlocks(length) - nodeOwned;
    if (!cache.reserve(need)) {
      cache.unpin(s.hashes, g);
      return false;
    }
    s.held = need;
    s.nodeOwned = nodeOwned;
    s.gpuBlocks = g;
    long gpuTokens = cache.usableTokens(g, s.input);
    long cached = gpuTokens;
    long ready = clockUs;
    long hostTokens = 0;
    long poolTokens = 0;
    int matched = g;
    if (at.host() > 0 && hostLink != null) {
      long t = cache.usableTokens(g + at.host(), s.input) - cached;
      long done = loadIfFaster(hostLink, cached, t, ready);
      if (done >= 0) {
        hostTokens = t;
        cached += t;
        ready = done;
        matched += at.host();
      }
    }
    if (at.pool() > 0 && poolLink != null && matched == g + at.host()) {
      long t = cache.usableTokens(matched + at.pool(), s.input) - cached;
      long done = loadIfFaster(poolLink, cached, t, ready);
      if (done >= 0) {
        cache.touchPool(s.hashes, matched, matched + at.pool());
        poolTokens = t;
        cached += t;
        ready = done;
        matched += at.pool();
      }
    }
    s.readyUs = ready;
    s.cachedAtAdmission = cached;
    s.prefillTarget = length - cached;
    s.prefillDone = 0;
    s.decoding = false;
    if (s.admittedUs < 0) {
      s.admittedUs = clockUs;
      s.gpuHitTokens = gpuTokens;
      s.hostHitTokens = hostTokens;
      s.poolHitTokens = poolTokens;
      s.matchedTraceBlocks = matched;
    }
    return true;
  }

  /** Queues a load of {@code tokens} KV tokens when it beats recomputing them; returns when it is done, or -1. */
  private long loadIfFaster(TransferLink link, long done, long tokens, long notBeforeUs) {
    if (tokens <= 0) {
      return -1;
    }
    long bytes = tokens * shape.kvBytesPerToken();
    long finish = link.finishUs(notBeforeUs, bytes);
    if ((finish - clockUs) / 1e6 >= prefillSeconds(done, tokens)) {
      return -1;
    }
    return link.load(notBeforeUs, bytes);
  }

  /** The prefill is complete: the prompt's blocks go into the index; the step produced the first token. */
  private void endPrefill(Sequence s) {
    settle();
    runningVersion++;
    int n = s.hashes.length;
    if (n > s.gpuBlocks) {
      cache.commit(s.hashes, s.gpuBlocks, n, s.input, clockUs);
      long owned = cache.ownedBlocks(s.gpuBlocks, n, s.input);
      s.held -= owned;
      s.nodeOwned += owned;
      s.gpuBlocks = n;
    }
    runningPrefillTokens -= s.prefillTarget - s.prefillDone;
    prefilling.remove(s);
    s.decoding = true;
    decoding++;
    decodeContext += s.length();
    if (s.firstTokenUs < 0) {
      s.firstTokenUs = clockUs;
    }
    s.generated++;
    decodeContext++;
    if (s.generated >= s.output) {
      finish(s);
    }
  }

  /** Every sequence that was decoding before the step (none had a prefill chunk in it) generated one token. */
  private void decodeOne() {
    settle();
    runningVersion++;
    for (int i = 0; i < running.size(); i++) {
      Sequence s = running.get(i);
      if (!s.decoding || s.chunk > 0) {
        continue;
      }
      s.generated++;
      decodeContext++;
      if (s.generated >= s.output) {
        finish(s);
        i--;
        continue;
      }
      long need = cache.promptBlocks(s.length()) - s.nodeOwned - s.held;
      boolean preempted = false;
      while (need > 0 && !cache.reserve(need)) {
        Sequence victim = running.get(running.size() - 1);
        preempt(victim);
        if (victim == s) {
          preempted = true;
          break;
        }
      }
      if (!preempted) {
        s.held += Math.max(0, need);
      } else {
        i = running.size(); // s was preempted: the step's work is done
      }
    }
  }

  private void finish(Sequence s) {
    settle();
    running.remove(s);
    runningVersion++;
    decoding--;
    decodeContext -= s.length();
    cache.unpin(s.hashes, s.gpuBlocks);
    cache.release(s.held);
    s.held = 0;
    s.finishUs = clockUs;
    listener.finished(s);
  }

  private void preempt(Sequence s) {
    settle();
    running.remove(s);
    runningVersion++;
    if (s.decoding) {
      decoding--;
      decodeContext -= s.length();
    } else {
      runningPrefillTokens -= s.prefillTarget - s.prefillDone;
      prefilling.remove(s);
    }
    cache.unpin(s.hashes, s.gpuBlocks);
    cache.release(s.held);
    s.held = 0;
    s.nodeOwned = 0;
    s.gpuBlocks = 0;
    s.decoding = false;
    s.preemptions++;
    preemptions++;
    waiting.addFirst(s);
    queuedPrefillTokens += s.input;
  }

  /** Nothing runs and the head of the queue cannot be admitted even into an empty cache. */
  private void rejectHead() {
    Sequence s = waiting.poll();
    if (s == null) {
      throw new IllegalStateException(name + ": stuck with running sequences and nothing to do");
    }
    queuedPrefillTokens -= s.input;
    listener.rejected(s);
  }

  /**
   * Runs decode steps until the first sequence finishes or the clock reaches {@code untilUs}, with no
   * per-sequence work per step: the blocks the batch will need are reserved up front (one step at a time
   * falls back when they cannot be) and the unused ones returned.
   */
  private void bulkDecode(long untilUs) {
    int k;
    long need;
    boolean carried = bulkVersion == runningVersion;
    if (carried) { // the batch the last bulk decode left: its k, reservation and next step's time carry over
      k = bulkK;
      need = bulkNeed;
      assert k == fewestLeft() && need == blocksFor(k) : "carried " + k + "/" + need + " vs " + fewestLeft();
    } else { // one pass over the batch: its residues and the fewest tokens left; the blocks follow from the residues
      settle();
      k = groupResidues();
      need = grownBy(k);
      assert k == fewestLeft() && need == blocksFor(k) : "grouped " + k + "/" + need + " vs " + fewestLeft();
    }
    if (!cache.reserve(need)) {
      long start = clockUs;
      finishStep(start, step.stepSeconds(0, 0, decoding, decodeContext), decoding);
      decodeOne();
      return;
    }
    long start = clockUs;
    long t = clockUs;
    int done = 0;
    long ctx = decodeContext;
    boolean runs = step.decodeNonDecreasingInContext();
    long us = carried ? bulkUs : decodeStepUs(ctx);
    assert us == decodeStepUs(ctx) : "carried step " + us + " vs " + decodeStepUs(ctx);
    while (done < k && t < untilUs) {
      // The steps from here that take the same µs: while the context grows by `decoding` a step, a step's rounded
      // time changes every few dozen steps of a small batch; found by search where it never decreases (the rest
      // step by step), each step's time as its own evaluation gives it, so the steps are those of a loop.
      long span = untilUs - t; // > 0; steps of `us` that start before untilUs: ⌈span ÷ us⌉ ≥ 1
      int cap = (int) Math.min(k - done, span / us + (span % us == 0 ? 0 : 1));
      int m = equalRun(ctx, us, cap);
      long next = runNextUs;
      listener.steps(this, t, us, decoding, m);
      t += m * us;
      ctx += (long) m * decoding;
      done += m;
      us = next >= 0 ? next : decodeStepUs(ctx); // a lone step's successor was evaluated above
    }
    busyUs += t - start;
    listener.occupancy(this, start, t, cache.gpuUsedBlocks(), cache.hostUsedBlocks());
    clockUs = t;
    lastStepEndUs = t;
    // Every decoding sequence moved on by `done` tokens (credited later: pendingTokens); they took blocksFor(done)
    // of the reservation. The fewest left is now k − done, and what they need to get there is what was reserved less
    // what they took — Σ ⌈(len + k)/B⌉ − ⌈(len + done)/B⌉ — exactly, with no pass over them.
    long grownTotal = grownBy(pendingTokens + done);
    assert pendingGrown == grownBy(pendingTokens) : "carried growth " + pendingGrown + " vs " + grownBy(pendingTokens);
    long grown = grownTotal - pendingGrown;
    pendingTokens += done;
    pendingGrown = grownTotal;
    cache.release(need - grown);
    decodeContext = ctx;
    bulkVersion = runningVersion;
    bulkK = k - done;
    bulkNeed = need - grown;
    bulkUs = us;
    if (done < k && runs && waiting.isEmpty() && prefilling.isEmpty()) {
      // Every step from here takes at least `us` (the context only grows): the last before the finish starts no sooner.
      bulkSettledUntilUs = t + (long) (k - done - 1) * us;
    }
    if (done == k) { // the sequences with the fewest tokens left are done
      settle();
      List<Sequence> finished = this.finished;
      finished.clear();
      for (int i = 0; i < running.size(); i++) {
        Sequence s = running.get(i);
        if (s.decoding && s.generated >= s.output) {
          finished.add(s);
        }
      }
      for (int i = 0; i < finished.size(); i++) {
        finish(finished.get(i));
      }
    }
  }

  /** A step's length in whole µs, at least 1: how every step's time is rounded. */
  private static long wholeUs(double seconds) {
    return Math.max(1, Math.round(seconds * 1e6));
  }

  /** A decode-only step of the decoding batch at context {@code ctx}, in whole µs. */
  private long decodeStepUs(long ctx) {
    return wholeUs(step.stepSeconds(0, 0, decoding, ctx));
  }

  /**
   * How many decode steps from context {@code ctx} take {@code us}, given that the first two do and the batch may
   * take at most {@code cap} (≥ 2): gallop to a step that differs (or to the cap), then bisect. Sound only where the
   * step time never decreases with context ({@link StepTimeModel#decodeNonDecreasingInContext}): then every step
   * before one of length {@code us} has it too.
   */
  private int equalSteps(long ctx, long us, int cap) {
    int lo = 2;
    int guess = guessEqualSteps(ctx, us, cap);
    if (guess > lo) { // the guess is checked, as every search step is: equal there, and differing one step on
      if (decodeStepUs(ctx + (long) (guess - 1) * decoding) != us) {
        return bisectEqualSteps(ctx, us, lo, guess);
      }
      if (guess == cap || decodeStepUs(ctx + (long) guess * decoding) != us) {
        return guess;
      }
      lo = guess + 1;
    }
    int hi = lo;
    while (hi < cap) {
      hi = (int) Math.min(cap, 2L * hi);
      if (decodeStepUs(ctx + (long) (hi - 1) * decoding) != us) {
        break;
      }
      lo = hi;
    }
    return bisectEqualSteps(ctx, us, lo, hi);
  }

  /** The last equal step between step {@code lo} (equal) and step {@code hi} (differs, or beyond the cap when lo == cap). */
  private int bisectEqualSteps(long ctx, long us, int lo, int hi) {
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (decodeStepUs(ctx + (long) (mid - 1) * decoding) == us) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Where {@link #equalSteps} looks first: the step at which the unrounded time, growing as it does over the first
   * two steps, would round past {@code us} (exact where the model is linear in the context, as both are between a
   * roofline's kinks). Only a guess, checked by evaluation: 0 when the first two steps do not grow.
   */
  private int guessEqualSteps(long ctx, long us, int cap) {
    double first = step.stepSeconds(0, 0, decoding, ctx);
    double perStep = step.stepSeconds(0, 0, decoding, ctx + decoding) - first;
    if (!(perStep > 0)) {
      return 0;
    }
    double steps = Math.floor(((us + 0.5) / 1e6 - first) / perStep) + 1; // steps that round to `us`, first included
    return steps >= cap ? cap : steps < 2 ? 0 : (int) steps;
  }

  /** Credits every decoding sequence with the tokens bulk decodes generated for it since it was last credited. */
  private void settle() {
    int p = pendingTokens;
    if (p == 0) {
      return;
    }
    pendingTokens = 0;
    pendingGrown = 0;
    for (int i = 0; i < running.size(); i++) {
      Sequence s = running.get(i);
      if (s.decoding) {
        s.held += cache.promptBlocks(s.length() + p) - cache.promptBlocks(s.length());
        s.generated += p;
      }
    }
    int b = cache.engineBlockTokens(); // the grouping follows the lengths it describes
    for (int j = 0; j < residueKinds; j++) {
      residues[j] = (int) ((residues[j] + (long) p) % b);
    }
  }

  /**
   * Groups the decoding sequences by their length's residue modulo the engine block (B): a sequence of length L
   * growing by x tokens takes ⌈(L + x)/B⌉ − ⌈L/B⌉ = ⌈(r + x)/B⌉ − ⌈r/B⌉ more blocks, r = L mod B. Returns the fewest
   * tokens any of them has left to generate (all credited: {@link #settle} first).
   */
  private int groupResidues() {
    int b = cache.engineBlockTokens();
    int kinds = 0;
    int fewest = Integer.MAX_VALUE;
    if (b <= GROUPED_BLOCK_TOKENS) {
      if (perResidue == null) {
        perResidue = new int[b];
      }
      for (int i = 0; i < running.size(); i++) {
        Sequence s = running.get(i);
        if (s.decoding) {
          perResidue[(int) (s.length() % b)]++;
          fewest = Math.min(fewest, s.output - s.generated);
        }
      }
      for (int r = 0; r < b; r++) {
        if (perResidue[r] > 0) {
          kinds = addResidue(kinds, r, perResidue[r]);
          perResidue[r] = 0;
        }
      }
    } else {
      for (int i = 0; i < running.size(); i++) {
        Sequence s = running.get(i);
        if (s.decoding) {
          kinds = addResidue(kinds, (int) (s.length() % b), 1);
          fewest = Math.min(fewest, s.output - s.generated);
        }
      }
    }
    residueKinds = kinds;
    int total = 0;
    for (int j = 0; j < kinds; j++) {
      total += residueCounts[j];
    }
    residueTotal = total;
    return fewest;
  }

  private int addResidue(int kinds, int residue, int count) {
    if (kinds == residues.length) {
      residues = java.util.Arrays.copyOf(residues, 2 * kinds);
      residueCounts = java.util.Arrays.copyOf(residueCounts, 2 * kinds);
    }
    residues[kinds] = residue;
    residueCounts[kinds] = count;
    return kinds + 1;
  }

  /**
   * Blocks the decoding sequences, as last grouped, take to grow by {@code x} tokens each (see {@link #groupResidues}),
   * with one division: for x = qB + s (0 ≤ s &lt; B) a residue r takes ⌈(r + x)/B⌉ − ⌈r/B⌉ = q + ⌈(r + s)/B⌉ − [r &gt; 0]
   * blocks, and as r + s &lt; 2B the last two terms are 1 exactly when s &gt; 0 and r = 0 or r &gt; B − s. It runs for
   * every replica at every arrival (a bulk decode's carried reservation), where a division per residue added up.
   */
  private long grownBy(int x) {
    int b = cache.engineBlockTokens();
    long n = (long) (x / b) * residueTotal;
    int s = x % b;
    if (s > 0) {
      int t = b - s;
      for (int j = 0; j < residueKinds; j++) {
        int r = residues[j];
        if (r == 0 || r > t) {
          n += residueCounts[j];
        }
      }
    }
    return n;
  }

  /** The fewest tokens any decoding sequence has left to generate (its uncredited tokens counted; assertions). */
  private int fewestLeft() {
    int k = Integer.MAX_VALUE;
    for (int i = 0; i < running.size(); i++) {
      Sequence s = running.get(i);
      if (s.decoding) {
        k = Math.min(k, s.output - s.generated - pendingTokens);
      }
    }
    return k;
  }

  /**
   * Blocks the decoding batch needs to grow by {@code steps} tokens each, from its lengths with uncredited tokens
   * (assertions).
   */
  private long blocksFor(int steps) {
    long n = 0;
    for (int i = 0; i < running.size(); i++) {
      Sequence s = running.get(i);
      if (s.decoding) {
        long len = s.length() + pendingTokens;
        n += cache.promptBlocks(len + steps) - cache.promptBlocks(len);
      }
    }
    return n;
  }
}
