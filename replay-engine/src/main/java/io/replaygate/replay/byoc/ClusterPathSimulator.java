package io.replaygate.replay.byoc;

import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.gate.BusinessHours;
import io.replaygate.costmodel.ledger.ReplicaLifetime;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.replay.byoc.engine.Sequence;
import io.replaygate.replay.byoc.gateway.GatewayPolicy;
import io.replaygate.replay.byoc.kv.SharedPool;
import io.replaygate.replay.byoc.spec.ModelSpec;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.core.EventQueue;
import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.core.PathRandom;
import io.replaygate.replay.core.PathSimulator;
import io.replaygate.replay.core.PathStats;
import io.replaygate.replay.core.Request;
import io.replaygate.replay.core.Slo;
import io.replaygate.trace.TraceRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The {@code byoc_dynamo}, {@code byoc_epp} and {@code hybrid} paths (DESIGN §2, §4): requests of the
 * cluster's lanes go through the gateway to a deployment, its router to a replica (spilling to another
 * replica when the router's pick is at capacity), and its engine. What no deployment can take goes to the
 * managed fallback, counted as one of two things: <em>overflowed</em> (every deployment was at capacity)
 * or <em>never fit</em> (past the served model's context window or a replica's KV cache: no fleet size
 * helps). The fallback also serves a hybrid path's other model paths. Every request is served once.
 *
 * <p>Requests a replica serves go into the ledger as tokens of target {@code cluster:<pool>} (no token
 * price), with their cache hits as cache reads; replica lifetimes go in per pool, billed by the pool's
 * price model; generated tokens leave the cloud as egress. Overflow is the fallback's own usage, marked
 * as fallback.
 */
public final class ClusterPathSimulator implements PathSimulator, ServingDeployment.Owner {
  /** Everything the path needs, resolved. */
  public record Plan(String path, ClusterConfig config, List<ReplicaShape> shapes, List<StepTimeModel> steps,
      List<String> poolNames, Set<String> lanes, Slo slo, long seed, long originUs, long windowUs, int traceBlockTokens,
      BusinessHours businessHours) {}

  private final Plan plan;
  private final UsageLedger ledger;
  private final Consumer<Outcome> sink;
  private final PathStats stats;
  private final PathSimulator fallback;
  private final EventQueue events = new EventQueue();
  private final List<ServingDeployment> deployments = new ArrayList<>();
  private final GatewayPolicy gateway;
  private final BusinessClock business;
  private long lastArrivalUs;
  private boolean closed;
  /** The models the trace recorded for the requests this cluster was offered (at most 100 names), by count. */
  public final java.util.Map<String, Long> requestedModels = new java.util.TreeMap<>();
  /** Requests every deployment was at capacity for: sent to the fallback. */
  public long overflowed;
  public long overflowedTokens;
  /** Requests no deployment's shape could ever serve (context window, KV cache): sent to the fallback. */
  public long neverFit;
  public long neverFitTokens;
  public long unlaned;
  public long failed;

  public ClusterPathSimulator(Plan plan, UsageLedger ledger, Consumer<Outcome> sink, PathStats stats,
      PathSimulator fallback) {
    this.plan = plan;
    this.business = new BusinessClock(plan.businessHours() == null ? BusinessHours.DEFAULT : plan.businessHours());
    this.ledger = ledger;
    this.sink = sink;
    this.stats = stats;
    this.fallback = fallback;
    this.gateway = plan.config().gateway().create();
    this.lastArrivalUs = plan.originUs();
    List<ClusterConfig.Deployment> ds = plan.config().deployments();
    double reference = 0;
    for (int i = 0; i < ds.size(); i++) {
      ClusterConfig.Deployment d = ds.get(i);
      ReplicaShape shape = plan.shapes().get(i);
      StepTimeModel step = plan.steps().get(i);
      double units = d.capacityUnits() != null ? d.capacityUnits()
          : ClusterDefaults.saturatedDecodeTokensPerSecond(shape, step, d.engine());
      if (d.capacityUnits() == null) {
        reference = reference == 0 ? units : reference;
        units = units / reference;
      }
      SharedPool pool = d.tiers().poolGb() == null ? null
          : new SharedPool((long) (d.tiers().poolGb() * 1e9 / (shape.kvBytesPerToken() * shape.blockTokens())),
              d.tiers().poolWrite());
      var rng = PathRandom.stream(plan.seed(), plan.path() + "/router/" + d.name());
      ServingDeployment sd = new ServingDeployment(i, d, shape, step, d.router().router().create(d.router(), rng),
          d.scaling().policy().create(d.scaling()), pool, plan.poolNames().get(i), plan.config().overflow(), plan.slo(), units,
          new WindowSeries(plan.originUs(), plan.windowUs()), business, plan.traceBlockTokens(), this);
      sd.start(plan.originUs());
      deployments.add(sd);
      long interval = d.scaling().intervalUs();
      scheduleEvaluation(sd, plan.originUs() + interval, interval, d.scaling().coldStartUs());
    }
  }

  /** The replica shape of a deployment, from the model table and the GPU catalog. */
  public static ReplicaShape shape(ClusterConfig.Deployment d, ModelTable models, GpuCatalog gpus) {
    ModelSpec model = models.find(d.model()).orElseThrow(() -> new IllegalArgumentException(
        "unknown serving model '" + d.model() + "' (known: " + String.join(", ", models.names()) + ")"));
    return new ReplicaShape(model, gpus.spec(d.gpu()), d.tp(), d.weights(), d.kv(), d.blockTokens(),
        d.memoryUtilization(), d.reserveGb());
  }

  private void scheduleEvaluation(ServingDeployment d, long at, long interval, long coldStart) {
    events.at(at, () -> {
      if (closed) {
        return;
      }
      d.evaluate(at, coldStart, events);
      scheduleEvaluation(d, at + interval, interval, coldStart);
    });
  }

  public Plan plan() {
    return plan;
  }

  @Override
  public String name() {
    return plan.path();
  }

  @Override
  public void arrive(Request r) {
    long now = r.arrivalUs();
    lastArrivalUs = Math.max(lastArrivalUs, now);
    advanceTo(now);
    if (plan.lanes() != null && !plan.lanes().contains(r.record().modelPath())) {
      unlaned++;
      toFallback(r);
      return;
    }
    String asked = r.record().model();
    if (asked != null && (requestedModels.containsKey(asked) || requestedModels.size() < 100)) {
      requestedModels.merge(asked, 1L, Long::sum);
    }
    double[] capacity = new double[deployments.size()];
    for (int i = 0; i < capacity.length; i++) {
      capacity[i] = deployments.get(i).capacityUnits();
    }
    boolean anyFits = false;
    for (int i : gateway.order(capacity)) {
      ServingDeployment.Admission a = deployments.get(i).offer(r, now);
      if (a == ServingDeployment.Admission.TAKEN) {
        return;
      }
      anyFits |= a == ServingDeployment.Admission.AT_CAPACITY;
    }
    if (anyFits) {
      overflowed++;
      overflowedTokens += r.inputTokens();
    } else {
      neverFit++;
      neverFitTokens += r.inputTokens();
    }
    toFallback(r);
  }

  private void toFallback(Request r) {
    if (fallback != null) {
      fallback.arrive(r);
      return;
    }
    emitFailure(r, null, r.arrivalUs());
  }

  /**
   * Runs the cluster up to {@code t}: scheduled events (autoscaling, replicas ready) in order, every replica run up to
   * each; then, for the arrival at {@code t}, the replicas the routers will read.
   */
  private void advanceTo(long t) {
    while (events.nextTimeUs() <= t) {
      long te = events.nextTimeUs();
      for (ServingDeployment d : deployments) {
        d.advanceTo(te);
      }
      events.runUntil(te);
    }
    for (ServingDeployment d : deployments) {
      d.advanceForArrival(t);
    }
  }

  @Override
  public void finish() {
    closed = true;
    long t = lastArrivalUs;
    boolean busy = true;
    while (busy) {
      t += 60_000_000L;
      busy = false;
      for (ServingDeployment d : deployments) {
        d.advanceTo(t);
        busy |= d.busy();
      }
    }
    for (ServingDeployment d : deployments) {
      d.advanceEveryReplicaTo(t);
      d.close(lastArrivalUs);
      for (ServingDeployment.Lifetime l : d.lifetimes) {
        ledger.addReplica(new ReplicaLifetime(plan.path(), d.poolName, l.startUs(), l.endUs()));
      }
    }
    if (fallback != null) {
      fallback.finish();
    }
  }

  // ---- ServingDeployment.Owner ----

  @Override
  public void served(ServingDeployment d, Sequence s) {
    Request r = s.request();
    TraceRecord rec = r.record();
    long cached = s.cachedTokens();
    int out = r.outputTokens();
    double queueMs = (s.admittedUs - s.arrivalUs) / 1e3;
    double ttftMs = (s.firstTokenUs - s.arrivalUs) / 1e3;
    double tpotMs = out > 1 ? (s.finishUs - s.firstTokenUs) / 1e3 / (out - 1) : 0;
    double e2eMs = (s.finishUs - s.arrivalUs) / 1e3;
    Outcome o = new Outcome(plan.path(), r.index(), rec.requestId(), r.arrivalUs(), rec.tenant(), rec.modelPath(),
        s.replica.name(), false, false, r.inputTokens(), cached, 0, 0, out, queueMs, ttftMs, tpotMs, e2eMs, "ok",
        s.preemptions, rec.cachedTokens(), rec.ttftMs(), rec.e2eMs(),
        new Outcome.TierHits(s.gpuHitTokens, s.hostHitTokens, s.poolHitTokens));
    ledger.add(plan.path(), s.admittedUs, rec.tenant(), rec.modelPath(), "cluster:" + d.poolName, false,
        ServiceTier.STANDARD, 1, new TokenCounts(r.inputTokens() - cached, cached, 0, 0, out), TokenCounts.ZERO,
        BigDecimal.ZERO);
    ledger.addEgress(plan.path(), s.finishUs, (long) out * plan.config().egressBytesPerOutputToken());
    WindowSeries w = d.series;
    w.add(WindowSeries.REQUESTS, r.arrivalUs(), 1);
    w.add(WindowSeries.PROMPT_TOKENS, r.arrivalUs(), r.inputTokens());
    w.add(WindowSeries.GPU_HIT_TOKENS, r.arrivalUs(), s.gpuHitTokens);
    w.add(WindowSeries.HOST_HIT_TOKENS, r.arrivalUs(), s.hostHitTokens);
    w.add(WindowSeries.POOL_HIT_TOKENS, r.arrivalUs(), s.poolHitTokens);
    stats.record(o, r.blocks().length, Math.min(s.matchedTraceBlocks, r.blocks().length), "cluster", rec.provider(),
        plan.slo());
    sink.accept(o);
  }

  @Override
  public void failed(ServingDeployment d, Sequence s) {
    failed++;
    emitFailure(s.request(), s.replica.name(), s.replica.clockUs());
  }

  private void emitFailure(Request r, String servedBy, long atUs) {
    TraceRecord rec = r.record();
    Outcome o = new Outcome(plan.path(), r.index(), rec.requestId(), r.arrivalUs(), rec.tenant(), rec.modelPath(),
        servedBy, false, false, r.inputTokens(), 0, 0, 0, r.outputTokens(), (atUs - r.arrivalUs()) / 1e3, Double.NaN,
        Double.NaN, Double.NaN, "error", 0, rec.cachedTokens(), rec.ttftMs(), rec.e2eMs(), null);
    stats.record(o, r.blocks().length, 0, null, rec.provider(), plan.slo());
    sink.accept(o);
  }

  // ---- results ----

  public List<DeploymentResult> results() {
    List<DeploymentResult> out = new ArrayList<>();
    for (ServingDeployment d : deployments) {
      out.add(new DeploymentResult(d.name(), d.cfg, d.shape, d.poolName, d.capacityUnitsPerReplica, d.series,
          d.busyBusinessGpuSeconds(), d.provisionedBusinessGpuSeconds(), d.peakReplicas,
          d.fewestReplicas == Integer.MAX_VALUE ? 0 : d.fewestReplicas, d.preemptions(), d.gpuEvictions(),
          d.lifetimes.size(), d.spilled, d.unattainableRequests, d.unattainableTokens, d.interTokenUs,
          d.workBusinessSeconds));
    }
    return out;
  }
}
