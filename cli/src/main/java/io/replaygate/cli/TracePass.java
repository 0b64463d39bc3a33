package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.Replay;
import io.replaygate.replay.core.RecordTap;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.diagnose.Concentration;
import io.replaygate.replay.diagnose.Diagnosis;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.replay.diagnose.Volume;
import io.replaygate.replay.output.Summary;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.trace.BatchBudget;
import io.replaygate.trace.TraceFingerprint;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pass over a trace for {@code diagnose} and {@code run}: concentration, the LRU reuse curve (exact, or
 * SHARDS-sampled with its error beyond {@link ReuseCurve.Sampling#maxExactBlocks} distinct blocks), volume
 * per business hour, the trace's fingerprint ({@link TraceFingerprint}) and what the records carry (recorded
 * models, observed cache usage). {@link #diagnose} turns it into the diagnosis and its JSON.
 */
final class TracePass {
  final Concentration conc = new Concentration();
  /** The reuse curve; {@code null} without block hashes, or until {@link #complete} gives it. */
  ReuseCurve curve;
  final Volume volume;
  final io.replaygate.trace.TraceMetadata metadata;
  final Integer blockTokens;
  /** The trace's fingerprint; {@code null} until {@link #complete} gives it, for a pass read without the hashes. */
  String fingerprint;
  /** Records without a recorded model (the observed baseline needs one on every request). */
  final long withoutModel;
  /** Records with observed cache usage ({@code cached_tokens} or {@code cache_write_tokens}). */
  final long withObservedUsage;

  TracePass(TraceReader r) {
    this(r, ReuseCurve.Sampling.DEFAULTS);
  }

  /** The whole pass: the curve and the fingerprint with the rest ({@code diagnose}). */
  TracePass(TraceReader r, ReuseCurve.Sampling sampling) {
    this(r, sampling, true);
  }

  /**
   * @param full the curve and the fingerprint in this pass; without them the pass reads no block hashes (open the
   *             reader with {@code ReadOptions.withBlockHashes(false)}: a Parquet trace then skips most of its bytes)
   *             and is a fraction of the reading a diagnosis does — {@code run} takes it before the replay, to
   *             choose its paths, and a {@link Tap} on the replay's own read (or {@link #fullOf}) makes the rest
   */
  TracePass(TraceReader r, ReuseCurve.Sampling sampling, boolean full) {
    this(r, sampling, full, rec -> { });
  }

  /** As {@link #TracePass(TraceReader, ReuseCurve.Sampling, boolean)}, handing {@code also} every record read. */
  TracePass(TraceReader r, ReuseCurve.Sampling sampling, boolean full,
      java.util.function.Consumer<io.replaygate.trace.TraceRecord> also) {
    try (r) {
      metadata = r.metadata();
      blockTokens = metadata.blockTokens();
      volume = new Volume(Replay.businessHours(Scenario.DEFAULTS, r.metadata()));
      Making m = full ? new Making(metadata, blockTokens, sampling) : null;
      long noModel = 0;
      long observed = 0;
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        conc.add(rec);
        volume.add(rec);
        also.accept(rec);
        if (m != null) {
          m.add(rec);
        }
        if (rec.model() == null || rec.model().isBlank()) {
          noModel++;
        }
        if (rec.cachedTokens() != null || rec.cacheWriteTokens() != null) {
          observed++;
        }
      }
      if (m != null) {
        complete(m.done());
      }
      withoutModel = noModel;
      withObservedUsage = observed;
    }
  }

  /** What a pass without the block hashes leaves to {@link #fullOf}: the curve (or null), the fingerprint. */
  record Full(ReuseCurve curve, String fingerprint) {}

  /**
   * The reuse curve and the fingerprint of a trace read whole (the same as a full pass makes), or {@code null} when the
   * thread is interrupted (the run it was for has failed).
   */
  static Full fullOf(TraceReader r, Integer blockTokens, ReuseCurve.Sampling sampling) {
    try (r) {
      Making m = new Making(r.metadata(), blockTokens, sampling);
      while (r.hasNext()) {
        if (Thread.currentThread().isInterrupted()) {
          return null;
        }
        m.add(r.next());
      }
      return m.done();
    }
  }

  /** A {@link Full} being made, record by record. */
  private static final class Making {
    private final ReuseCurve curve;
    private final TraceFingerprint fingerprint;

    Making(io.replaygate.trace.TraceMetadata meta, Integer blockTokens, ReuseCurve.Sampling sampling) {
      curve = blockTokens == null ? null : new ReuseCurve(blockTokens, sampling);
      fingerprint = new TraceFingerprint(meta);
    }

    void add(TraceRecord rec) {
      fingerprint.add(rec);
      if (curve != null) {
        curve.add(rec);
      }
    }

    Full done() {
      return new Full(curve, fingerprint.hex());
    }
  }

  /**
   * {@link #fullOf} over the records another read hands over (the replay's own, {@link RecordTap}): they go in batches
   * ({@link BatchBudget}: bounded in bytes as well as in records) through a bounded queue to this tap's thread, so the
   * trace is decoded once for the replay and the curve. Records are immutable, so both may hold the same ones.
   */
  static final class Tap implements RecordTap {
    private static final List<TraceRecord> END = List.of();
    private final java.util.concurrent.BlockingQueue<List<TraceRecord>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(8);
    private final java.util.concurrent.FutureTask<Full> task;
    private List<TraceRecord> batch = new ArrayList<>();
    private final BatchBudget budget = new BatchBudget();

    /** Starts the tap's thread, {@code name}; {@code meta} is the trace's (the fingerprint covers it). */
    Tap(String name, io.replaygate.trace.TraceMetadata meta, Integer blockTokens, ReuseCurve.Sampling sampling) {
      task = new java.util.concurrent.FutureTask<>(() -> {
        Making m = new Making(meta, blockTokens, sampling);
        for (List<TraceRecord> b = queue.take(); b != END; b = queue.take()) {
          b.forEach(m::add);
        }
        return m.done();
      });
      Thread t = new Thread(task, name);
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void accept(TraceRecord r) {
      batch.add(r);
      if (budget.add(r)) {
        handOff(batch);
        batch = new ArrayList<>();
        budget.reset();
      }
    }

    @Override
    public void end() {
      handOff(batch);
      handOff(END);
    }

    /** Waits for room; once the tap's thread has failed or was cancelled, drops the records ({@link #await} says why). */
    private void handOff(List<TraceRecord> b) {
      try {
        while (!queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          if (task.isDone()) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while handing records to the reuse curve", e);
      }
    }

    /** What the tap made, once the read has ended; its thread's failure is rethrown. */
    Full await() {
      return TracePass.await(task);
    }

    /** Stops the tap's thread (the run has failed, or it is done). */
    void cancel() {
      task.cancel(true);
    }
  }

  /** The curve thread's result; its failure is the run's (the same trace, read the same way). */
  static Full await(java.util.concurrent.FutureTask<Full> full) {
    try {
      return full.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the reuse curve was computed", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Gives the pass what {@link #fullOf} read. */
  void complete(Full full) {
    curve = full.curve();
    fingerprint = full.fingerprint();
  }

  /** The diagnosis over this pass, given each managed path's token hit ratio on the same traffic. */
  Analysis diagnose(List<Long> capacities, Map<String, Double> managed, Diagnosis.Thresholds t) {
    ReuseCurve.Point ceiling = curve == null ? null : curve.ceiling();
    List<ReuseCurve.Point> points = curve == null ? List.of() : capacities.stream().map(curve::at).toList();
    var d = ClusterDefaults.DEPLOYMENT;
    var shape = ClusterPathSimulator.shape(d, ModelTable.bundled(), GpuCatalog.bundled());
    var step = d.step().model().create(shape, d.step());
    double prefillRate = ClusterDefaults.prefillTokensPerSecond(step, d.engine());
    double decodeRate = ClusterDefaults.sloDecodeTokensPerSecond(shape, step, d.engine(),
        io.replaygate.replay.core.Slo.DEFAULT.tpotMs());
    String replica = d.model() + " " + d.weights().wireName() + " on " + d.tp() + " × " + d.gpu();
    Map<String, Double> replicas = volume.replicas(prefillRate, decodeRate, t.breakEvenUtilisation());
    String top = conc.modelPaths().isEmpty() ? null : conc.modelPaths().get(0).key();
    Diagnosis.Result diagnosis = Diagnosis.decide(new Diagnosis.Figures(top == null ? 0 : replicas.get(top),
        conc.topShare(1), conc.topShare(2), ceiling == null ? Double.NaN : ceiling.tokenHitRatio(),
        ceiling == null ? 0 : ceiling.tokenHitRatioError(), managed), t);
    return new Analysis(ceiling, points, managed, prefillRate, decodeRate, replica, d.tp(), replicas, diagnosis, t);
  }

  /** The diagnosis and the figures it came from. */
  final class Analysis {
    final ReuseCurve.Point ceiling;
    final List<ReuseCurve.Point> points;
    final Map<String, Double> managed;
    final double prefillRate;
    final double decodeRate;
    final String replica;
    final int tp;
    final Map<String, Double> replicas;
    final Diagnosis.Result diagnosis;
    final Diagnosis.Thresholds thresholds;

    Analysis(ReuseCurve.Point ceiling, List<ReuseCurve.Point> points, Map<String, Double> managed, double prefillRate,
        double decodeRate, String replica, int tp, Map<String, Double> replicas, Diagnosis.Result diagnosis,
        Diagnosis.Thresholds thresholds) {
      this.ceiling = ceiling;
      this.points = points;
      this.managed = managed;
      this.prefillRate = prefillRate;
      this.decodeRate = decodeRate;
      this.replica = replica;
      this.tp = tp;
      this.replicas = replicas;
      this.diagnosis = diagnosis;
      this.thresholds = thresholds;
    }

    /** Everything, as {@code diagnose --json} prints it and {@code verdict.json} embeds it. */
    ObjectNode json() {
      ObjectNode root = JsonNodeFactory.withExactBigDecimals(true).objectNode();
      root.put("requests", conc.requests());
      root.put("tokens", conc.tokens());
      ObjectNode c = root.putObject("concentration");
      c.put("top1_token_share", Summary.ratio(conc.topShare(1)));
      c.put("top2_token_share", Summary.ratio(conc.topShare(2)));
      c.put("hhi", Summary.ratio(conc.hhi()));
      shares(c.putArray("model_paths"), conc.modelPaths());
      shares(c.putArray("tenants"), conc.tenants());
      ObjectNode reuse = root.putObject("reuse");
      ArrayNode curveNode = root.putArray("cache_curve");
      if (curve == null) {
        reuse.putNull("block_tokens");
        reuse.put("note", "the trace has no block hashes: reuse cannot be measured");
      } else {
        reuse.put("block_tokens", blockTokens);
        reuse.put("distinct_blocks", curve.distinctBlocks());
        reuse.put("ceiling_token_hit_ratio", Summary.ratio(ceiling.tokenHitRatio()));
        reuse.put("ceiling_block_hit_ratio", Summary.ratio(ceiling.blockHitRatio()));
        ObjectNode sampling = reuse.putObject("sampling");
        sampling.put("method", curve.sampled() ? "shards_adj" : "exact");
        sampling.put("max_exact_blocks", curve.sampling().maxExactBlocks());
        sampling.put("max_sampled_blocks", curve.sampling().sampledLimit());
        sampling.put("rate", Summary.ratio(curve.samplingRate()));
        sampling.put("partitions", curve.sampling().partitions());
        sampling.put("exact_block_references", curve.exactBlockReferences());
        sampling.put("block_references", curve.blockReferences());
        sampling.put("error", "95% half-width of the hit ratio over the partitions' estimates (0 when exact)");
        reuse.put("ceiling_token_hit_ratio_error", Summary.ratio(ceiling.tokenHitRatioError()));
        for (ReuseCurve.Point p : points) {
          ObjectNode n = curveNode.addObject();
          if (p.capacityBlocks() == Long.MAX_VALUE) {
            n.put("capacity_blocks", "inf");
          } else {
            n.put("capacity_blocks", p.capacityBlocks());
          }
          n.put("block_hit_ratio", Summary.ratio(p.blockHitRatio()));
          n.put("token_hit_ratio", Summary.ratio(p.tokenHitRatio()));
          n.put("block_hit_ratio_error", Summary.ratio(p.blockHitRatioError()));
          n.put("token_hit_ratio_error", Summary.ratio(p.tokenHitRatioError()));
        }
      }
      ArrayNode capture = root.putArray("managed_capture");
      double ceilingRatio = ceiling == null ? 0 : ceiling.tokenHitRatio();
      managed.forEach((k, v) -> capture.addObject().put("path", k).put("token_hit_ratio", Summary.ratio(v))
          .put("share_of_ceiling", Summary.ratio(ceilingRatio == 0 ? 0 : v / ceilingRatio)));
      ObjectNode vol = root.putObject("volume");
      vol.put("replica", replica);
      vol.put("prefill_tokens_per_second", Summary.ratio(prefillRate));
      vol.put("decode_tokens_per_second", Summary.ratio(decodeRate));
      vol.put("per", volume.businessHoursOnly() ? "business hour" : "hour (the trace has no business hours)");
      ArrayNode vp = vol.putArray("model_paths");
      var perHour = volume.tokensPerHour();
      for (Concentration.Share s : conc.modelPaths()) {
        vp.addObject().put("key", s.key()).put("tokens_per_hour", Summary.ratio(perHour.get(s.key())))
            .put("replicas_busy", Summary.ratio(replicas.get(s.key())))
            .put("gpus_busy", Summary.ratio(replicas.get(s.key()) * tp));
      }
      root.put("code", diagnosis.code());
      ArrayNode why = root.putArray("reasons");
      diagnosis.reasons().forEach(why::add);
      ObjectNode th = root.putObject("thresholds");
      th.put("min_replicas", thresholds.minReplicas());
      th.put("break_even_utilisation", thresholds.breakEvenUtilisation());
      th.put("min_top2_share", thresholds.minTop2Share());
      th.put("min_reuse_left", thresholds.minReuseLeft());
      th.put("min_top1_share_for_full", thresholds.minTop1ShareForFull());
      return root;
    }
  }

  private static void shares(ArrayNode into, List<Concentration.Share> shares) {
    for (Concentration.Share s : shares) {
      into.addObject().put("key", s.key()).put("requests", s.requests()).put("tokens", s.tokens())
          .put("request_share", Summary.ratio(s.requestShare())).put("token_share", Summary.ratio(s.tokenShare()));
    }
  }
}
