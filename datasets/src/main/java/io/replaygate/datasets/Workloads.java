package io.replaygate.datasets;

import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.Pilot;
import io.replaygate.datasets.gen.PromptChain;
import io.replaygate.datasets.gen.Ranked;
import io.replaygate.datasets.gen.SessionArrivals;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.datasets.gen.SessionTraceGenerator;
import io.replaygate.datasets.workload.Batch;
import io.replaygate.datasets.workload.Chat;
import io.replaygate.datasets.workload.CodingAgent;
import io.replaygate.datasets.workload.CommonParams;
import io.replaygate.datasets.workload.Mix;
import io.replaygate.datasets.workload.Rag;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The registry of workloads (one line each) and the one place a workload becomes a trace: arrivals at
 * the mean rate asked for, tenants, the span, seeded streams.
 *
 * <p>Streams: session contents, session arrivals and the pilot each draw from their own
 * XoRoShiRo128++ stream seeded from {@code (seed, stream)}, so changing a content parameter does not move
 * the arrival times and vice versa.
 */
public final class Workloads {
  private static final List<Workload> ALL = List.of(new CodingAgent(), new Chat(), new Rag(), new Batch(), new Mix());

  private Workloads() {
  }

  public static List<Workload> all() {
    return ALL;
  }

  public static Workload byName(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow(() -> new WorkloadException(
        "unknown workload '" + name + "' (valid: " + names() + ")"));
  }

  public static String names() {
    return ALL.stream().map(Workload::name).collect(Collectors.joining(", "));
  }

  /** A prepared generation: the values, the rate actually used and the session model's mean length. */
  public record Plan(Workload workload, GenerationSpec spec, ParamValues values, double rate,
      double meanRequestsPerSession) {
  }

  /** Resolves parameters and the rate; estimates the mean session length (the pilot). */
  public static Plan plan(String workload, GenerationSpec spec, Map<String, String> overrides) {
    Workload w = byName(workload);
    ParamValues values = ParamValues.of(w.name(), w.parameters(), overrides);
    w.arrivalShape(values, spec.zone()); // validates the shape's parameters before any work
    double rate = spec.rate() != null ? spec.rate() : w.defaultRate();
    SessionModel dry = w.model(values, new GenContext(stream(spec.seed(), 3), spec.blockTokens(), spec.seed(), true));
    double mean = Pilot.meanRequests(dry);
    return new Plan(w, spec.withRate(rate), values, rate, mean);
  }

  /** The trace a plan describes, streamed. */
  public static SessionTraceGenerator open(Plan plan) {
    GenerationSpec spec = plan.spec();
    Workload w = plan.workload();
    long startUs = spec.startUs();
    long endUs = spec.endUs();
    long warmupUs = Math.round(w.warmupHours() * 3_600e6);
    long curveEnd = spec.hours() != null ? endUs : startUs + 7 * 86_400_000_000L;
    Workload.ArrivalShape shape = w.arrivalShape(plan.values(), spec.zone());
    SessionArrivals arrivals = new SessionArrivals(stream(spec.seed(), 2), plan.rate() / plan.meanRequestsPerSession(),
        shape.curve(), shape.burstFactor(), shape.calmSeconds(), shape.burstSeconds(), startUs - warmupUs, startUs,
        curveEnd);
    UniformRandomProvider content = stream(spec.seed(), 1);
    SessionModel model = w.model(plan.values(), new GenContext(content, spec.blockTokens(), spec.seed(), false));
    Ranked tenants = new Ranked(content, plan.values().integer(CommonParams.TENANTS),
        plan.values().real(CommonParams.TENANT_ZIPF));
    TraceMetadata metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, spec.blockTokens(), HashScope.GLOBAL,
        TimeOrigin.EPOCH, "generated:" + w.name(), spec.zone().getId(), BlockCountRule.CEIL,
        new Capabilities(true, true, false, false, true, true));
    return new SessionTraceGenerator(model, arrivals, tenants, metadata, startUs, endUs,
        spec.records() == null ? Long.MAX_VALUE : spec.records());
  }

  /** Plan and open in one step. */
  public static SessionTraceGenerator open(String workload, GenerationSpec spec, Map<String, String> overrides) {
    return open(plan(workload, spec, overrides));
  }

  private static UniformRandomProvider stream(long seed, int stream) {
    return RandomSource.XO_RO_SHI_RO_128_PP.create(PromptChain.mix(seed, stream, 0x5EEDL));
  }
}
