package io.replaygate.replay.verdict;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.cost.CostLine;
import io.replaygate.costmodel.cost.PathCost;
import io.replaygate.costmodel.gate.ActivationGate;
import io.replaygate.costmodel.gate.BreakEven;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.costmodel.gate.PathFigures;
import io.replaygate.costmodel.gate.RuleResult;
import io.replaygate.costmodel.gate.Verdict;
import io.replaygate.costmodel.stats.PairedBlockBootstrap.Interval;
import io.replaygate.replay.Replay;
import io.replaygate.replay.Replay.PathResult;
import io.replaygate.replay.byoc.FullCost;
import io.replaygate.replay.output.Summary;
import io.replaygate.replay.scenario.Scenario.Profile;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code verdict.json}: the run's answer and everything it rests on (schema {@code verdict.schema.json},
 * {@value #SCHEMA}). Built from the replay's results and the gate ({@link ActivationGate}); deterministic — fixed
 * key order, ratios and USD to six decimals, no wall-clock time — so the same inputs and seed give the same
 * bytes.
 *
 * <p>What each part means:
 * <ul>
 *   <li>{@code decision}: {@code activate_byoc}, {@code activate_hybrid} (with {@code lanes}),
 *       {@code stay_managed} or {@code inconclusive}; {@code main_reason} the first rule that failed (or the
 *       savings when all held);</li>
 *   <li>{@code savings}: the decision's candidate against the baseline, (baseline − candidate) ÷ baseline over the
 *       replayed period, with its paired moving-block bootstrap interval over the ledger windows (every path's
 *       series padded to the longest with windows that cost nothing);</li>
 *   <li>{@code rules}: each gate rule with the figure it read, its threshold, the margin (≥ 0 when it held) and
 *       the outcome in words; {@code candidates} the same for every BYOC and hybrid path;</li>
 *   <li>{@code break_even}: the values at which the candidate's savings reach the materiality threshold — GPU
 *       $/h, business-hours utilisation, monthly tokens ({@link BreakEven}) and engineering FTEs (the operations
 *       FTEs the lane could carry: today's plus the savings above the threshold per month ÷ one loaded FTE-month
 *       of {@link FullCost#DEFAULT}); null where no value in range flips it;</li>
 *   <li>{@code paths}: every path's cost, monthly projection, savings against the baseline (point estimate),
 *       SLO attainment, error rate, hit ratio, utilisation and line items;</li>
 *   <li>{@code provenance}: trace and scenario SHA-256, catalog, GPU catalog and price dates, engine version, seed
 *       and the thresholds.</li>
 * </ul>
 */
public final class VerdictDocument {
  /** The schema id written into every verdict. */
  public static final String SCHEMA = "https://replaygate.io/schema/verdict/1";

  private VerdictDocument() {}

  /** Where the inputs came from, for {@code provenance}. */
  public record Provenance(String traceSha256, String scenario, String scenarioSha256, String inputs) {}

  /** The decision and the gate's evaluations, before they are written. */
  public record Decision(Verdict verdict, List<ActivationGate.Evaluated> evaluated, PathResult baseline) {}

  /** The gate's figures for one priced path over the run's common windows. */
  public static PathFigures figures(PathResult r, JsonNode summaryPath, long windows) {
    PathFigures.Kind kind = switch (r.config().profile()) {
      case MANAGED -> PathFigures.Kind.MANAGED;
      case BYOK -> PathFigures.Kind.BYOK;
      case BYOC_DYNAMO, BYOC_EPP -> PathFigures.Kind.BYOC;
      case HYBRID -> PathFigures.Kind.HYBRID;
      // A live cluster is a BYOC candidate measured for real; a managed probe is the managed side measured.
      case LIVE -> r.config().live().target().pricedAs() != null ? PathFigures.Kind.MANAGED : PathFigures.Kind.BYOC;
    };
    Double util = null;
    JsonNode u = summaryPath.path(UTILISATION);
    if (u.isNumber()) {
      util = u.asDouble();
    }
    var cluster = r.built().cluster();
    boolean fallback = cluster != null && cluster.plan().config().fallback() != null;
    List<String> lanes = cluster == null || cluster.plan().lanes() == null ? List.of()
        : List.copyOf(cluster.plan().lanes());
    var perWindow = r.cost().perWindow().extendedTo(windows);
    return new PathFigures(r.config().name(), kind, perWindow, r.stats().sloAttainment(),
        r.stats().errorRate(), util, fallback, lanes);
  }

  /** The name of the path that prices the baseline's recorded usage, beside the baseline itself. */
  public static String recordedUsagePath(String baseline) {
    return baseline + "/recorded-usage";
  }

  /** How far the simulated baseline may stray from what the trace observed before the verdict warns. */
  public static final double HIT_RATIO_TOLERANCE = 0.05;

  /** The same for the median TTFT, relative. */
  public static final double TTFT_TOLERANCE = 0.25;

  /** The summary field the gate's utilisation rule reads. */
  public static final String UTILISATION = "business_hours_capacity_utilization";

  /** Runs the gate: {@code baseline} against every priced BYOC and hybrid path. */
  public static Decision decide(Replay.Result result, String baseline, GateThresholds t) {
    PathResult base = find(result, baseline);
    if (base.cost() == null) {
      throw new IllegalArgumentException("the baseline '" + baseline + "' is unpriced (a ceiling): pick a priced path");
    }
    // One series length for every path: a cluster draining its last requests may bill a window past the
    // last arrival, which the others see as a window that cost them nothing.
    long windows = result.paths().stream().filter(r -> r.cost() != null).mapToLong(r -> r.cost().perWindow().windows())
        .max().orElse(0);
    PathFigures bf = figures(base, summaryPath(result, baseline), windows);
    List<PathFigures> candidates = new ArrayList<>();
    for (PathResult r : result.paths()) {
      if (r.cost() != null && r != base) {
        candidates.add(figures(r, summaryPath(result, r.config().name()), windows));
      }
    }
    List<ActivationGate.Evaluated> evaluated = ActivationGate.evaluate(bf, candidates, t);
    return new Decision(ActivationGate.decideEvaluated(bf, evaluated, t), evaluated, base);
  }

  /** The path named {@code name}, or an error listing the run's paths. */
  public static PathResult find(Replay.Result result, String name) {
    return result.paths().stream().filter(p -> p.config().name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no path named '" + name + "' in this run (paths: "
            + String.join(", ", result.paths().stream().map(p -> p.config().name()).toList()) + ")"));
  }

  /** The path's object in the run's summary (summary.json). */
  public static JsonNode summaryPath(Replay.Result result, String name) {
    for (JsonNode p : result.summary().path("paths")) {
      if (p.path("path").asText().equals(name)) {
        return p;
      }
    }
    throw new IllegalStateException("summary has no path " + name);
  }

  /** The whole document. {@code diagnosis} is the run's diagnose figures (or null). */
  public static ObjectNode build(Replay.Result result, Decision d, GateThresholds t, Provenance prov,
      JsonNode diagnosis, List<String> runAssumptions) {
    return build(result, d, t, prov, diagnosis, runAssumptions, null);
  }

  /**
   * As above; {@code withoutPurge} is the summary of the same run without its purge events (null when it has
   * none), from which {@code purge} states what the purges cost each path.
   */
  public static ObjectNode build(Replay.Result result, Decision d, GateThresholds t, Provenance prov,
      JsonNode diagnosis, List<String> runAssumptions, JsonNode withoutPurge) {
    ObjectNode root = Summary.root();
    root.put("$schema", SCHEMA);
    Verdict v = d.verdict();
    root.put("decision", v.code());
    ArrayNode lanes = root.putArray("lanes");
    if (v instanceof Verdict.ActivateHybrid h) {
      h.lanes().forEach(lanes::add);
    }
    root.put("baseline", d.baseline().config().name());
    Verdict.Figures f = v.figures();
    if (f == null) {
      root.putNull("candidate");
    } else {
      root.put("candidate", f.candidate());
    }
    root.put("main_reason", mainReason(v));
    if (f == null) {
      root.putNull("savings");
    } else {
      interval(root.putObject("savings"), f.savings());
      ObjectNode m = root.putObject("monthly_usd");
      PathCost bc = d.baseline().cost();
      PathCost cc = find(result, f.candidate()).cost();
      m.put("baseline", Summary.usd(bc.monthly().usd()));
      m.put("candidate", Summary.usd(cc.monthly().usd()));
      m.put("savings", Summary.usd(bc.monthly().usd().subtract(cc.monthly().usd())));
    }
    rules(root.putArray("rules"), v.reasons());
    ArrayNode cands = root.putArray("candidates");
    for (ActivationGate.Evaluated e : d.evaluated()) {
      ObjectNode c = cands.addObject();
      c.put("path", e.candidate().path());
      c.put("kind", e.candidate().kind().name().toLowerCase(Locale.ROOT));
      c.put("passed", e.passed());
      interval(c.putObject("savings"), e.figures().savings());
      rules(c.putArray("rules"), e.rules());
    }
    breakEven(root, result, d, t);
    baselineCheck(root, result, d.baseline());
    purge(root, result, withoutPurge);
    paths(root.putArray("paths"), result, d.baseline());
    if (diagnosis == null) {
      root.putNull("diagnosis");
    } else {
      root.set("diagnosis", diagnosis);
    }
    ArrayNode as = root.putArray("assumptions");
    runAssumptions.forEach(as::add);
    result.summary().path("assumptions").forEach(a -> as.add(a.asText()));
    ObjectNode th = root.putObject("thresholds");
    th.put("materiality", t.materiality());
    th.put("confidence_level", t.confidenceLevel());
    th.put("slo_tolerance", t.sloTolerance());
    th.put("error_tolerance", t.errorTolerance());
    th.put("utilisation_band", t.utilisationBand());
    th.put("block_windows", t.blockWindows());
    th.put("resamples", t.resamples());
    th.put("bootstrap_seed", t.seed());
    th.put("min_blocks", t.minBlocks());
    ObjectNode p = root.putObject("provenance");
    JsonNode s = result.summary();
    p.put("trace_sha256", prov.traceSha256());
    p.put("inputs", prov.inputs());
    p.put("requests", result.requests());
    p.put("replayed_hours", s.path("trace").path("replayed_hours").decimalValue());
    p.put("scenario", prov.scenario());
    p.put("scenario_sha256", prov.scenarioSha256());
    p.put("catalog_date", s.path("catalog_date").asText());
    p.put("gpu_catalog_date", s.path("gpu_catalog_date").asText());
    p.put("price_date", s.path("price_date").asText());
    p.put("full_cost_defaults_as_of", FullCost.AS_OF);
    p.put("engine_version", Replay.VERSION);
    p.put("seed", s.path("seed").asLong());
    ObjectNode defs = root.putObject("definitions");
    defs.put("savings", "(baseline cost - candidate cost) / baseline cost over the replayed period, same traffic, "
        + "full cost; interval: paired moving-block bootstrap over ledger windows");
    defs.put("monthly_usd", "usage-driven cost x (730 h / replayed hours) + fixed monthly costs");
    defs.put("slo_attainment", "requests with TTFT and TPOT within target / all requests; unserved miss");
    defs.put("error_rate", "requests not served / all requests");
    defs.put(UTILISATION, "work served by requests arriving in business hours / the work the fleet provisioned "
        + "in them could serve at saturation within the SLO (work of a request: computed prompt tokens / saturated "
        + "prefill rate + output tokens / saturated decode rate within the TPOT target, replica-seconds)");
    defs.put("gpu_busy_fraction", "GPU-seconds executing batches / provisioned GPU-seconds (what DCGM shows; a "
        + "continuously batching replica reads busy whenever anything runs)");
    defs.put("engineering_fte", "operations FTEs the lane can carry before savings fall to the materiality "
        + "threshold: today's + (savings above it per month) / one loaded FTE-month");
    return root;
  }

  /** The first failed rule's explanation, else the savings rule's (all held). */
  private static String mainReason(Verdict v) {
    for (RuleResult r : v.reasons()) {
      if (!r.passed()) {
        return r.rule() + ": " + r.explanation();
      }
    }
    return v.reasons().isEmpty() ? "" : v.reasons().get(0).rule() + ": " + v.reasons().get(0).explanation();
  }

  private static void interval(ObjectNode n, Interval i) {
    n.put("estimate", Summary.ratio(i.estimate()));
    n.put("lower", Summary.ratio(i.lower()));
    n.put("upper", Summary.ratio(i.upper()));
    n.put("level", i.level());
    n.put("resamples", i.resamples());
    n.put("block_windows", i.blockLength());
  }

  private static void rules(ArrayNode into, List<RuleResult> rules) {
    for (RuleResult r : rules) {
      ObjectNode n = into.addObject();
      n.put("rule", r.rule());
      n.put("passed", r.passed());
      number(n, "observed", r.observed());
      number(n, "threshold", r.threshold());
      number(n, "margin", r.margin());
      n.put("outcome", (r.passed() ? "holds: " : "fails: ") + r.explanation());
    }
  }

  private static void number(ObjectNode n, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      n.putNull(key);
    } else {
      n.put(key, Summary.ratio(v));
    }
  }

  private static void nullable(ObjectNode n, String key, Double v) {
    if (v == null) {
      n.putNull(key);
    } else {
      number(n, key, v);
    }
  }

  private static void breakEven(ObjectNode root, Replay.Result result, Decision d, GateThresholds t) {
    Verdict.Figures f = d.verdict().figures();
    if (f == null) {
      root.putNull("break_even");
      return;
    }
    PathResult cand = find(result, f.candidate());
    BreakEven.Result be = BreakEven.analyse(d.baseline().cost(), cand.cost(), f.businessHoursUtilisation(),
        t.materiality());
    ObjectNode n = root.putObject("break_even");
    n.put("target_savings", t.materiality());
    nullable(n, "gpu_usd_per_hour", be.gpuUsdPerHour());
    nullable(n, "current_gpu_usd_per_hour", be.currentGpuUsdPerHour());
    nullable(n, UTILISATION, be.utilisation());
    nullable(n, "current_" + UTILISATION, f.businessHoursUtilisation());
    nullable(n, "monthly_tokens", be.monthlyTokens());
    number(n, "current_monthly_tokens", be.currentMonthlyTokens());
    var cluster = cand.built().cluster();
    if (cluster == null) {
      n.putNull("engineering_fte");
      n.putNull("current_engineering_fte");
    } else {
      double fteMonth = FullCost.DEFAULT.fteUsdPerMonth().doubleValue();
      double current = cluster.plan().config().terms().opsMonthlyUsd().doubleValue() / fteMonth;
      double hours = cand.cost().hours();
      double base = d.baseline().cost().total().doubleValue();
      double headroomMonthly = (base * (1 - t.materiality()) - cand.cost().total().doubleValue()) * 730 / hours;
      double fte = current + headroomMonthly / fteMonth;
      nullable(n, "engineering_fte", fte >= 0 ? Double.valueOf(fte) : null);
      number(n, "current_engineering_fte", current);
    }
    ArrayNode tornado = n.putArray("tornado");
    for (BreakEven.TornadoRow r : be.tornado()) {
      ObjectNode row = tornado.addObject();
      row.put("input", r.input());
      number(row, "savings_at_minus_20pct", r.savingsLow());
      number(row, "savings_at_plus_20pct", r.savingsHigh());
    }
  }

  /**
   * {@code baseline_check}: the simulated baseline against what the trace observed — its bill priced from the
   * recorded cache usage (the {@link #recordedUsagePath} path, when the run has it), the observed vs simulated
   * token hit ratio and median TTFT over the requests that recorded them — with a warning for each that strays
   * past its tolerance. Null when the trace observed none of it.
   */
  private static void baselineCheck(ObjectNode root, Replay.Result result, PathResult baseline) {
    JsonNode s = summaryPath(result, baseline.config().name());
    PathResult recorded = result.paths().stream()
        .filter(p -> p.config().name().equals(recordedUsagePath(baseline.config().name()))).findFirst().orElse(null);
    JsonNode cache = s.path("observed_cache");
    JsonNode lat = s.path("observed_latency_ms");
    if (recorded == null && !cache.isObject() && !lat.isObject()) {
      root.putNull("baseline_check");
      return;
    }
    ObjectNode n = root.putObject("baseline_check");
    ArrayNode warnings = n.arrayNode();
    n.put("simulated_cost_usd", Summary.usd(baseline.cost().total()));
    if (recorded != null && recorded.cost() != null) {
      n.put("recorded_usage_path", recorded.config().name());
      n.put("recorded_usage_cost_usd", Summary.usd(recorded.cost().total()));
      double rec = recorded.cost().total().doubleValue();
      n.put("cost_difference", Summary.ratio(rec == 0 ? 0 : (baseline.cost().total().doubleValue() - rec) / rec));
    } else {
      n.putNull("recorded_usage_path");
      n.putNull("recorded_usage_cost_usd");
      n.putNull("cost_difference");
    }
    if (cache.isObject()) {
      double o = cache.path("observed_token_hit_ratio").asDouble();
      double sim = cache.path("simulated_token_hit_ratio").asDouble();
      n.put("observed_token_hit_ratio", Summary.ratio(o));
      n.put("simulated_token_hit_ratio", Summary.ratio(sim));
      if (Math.abs(sim - o) > HIT_RATIO_TOLERANCE) {
        warnings.add(String.format(Locale.US, "simulated token hit ratio %.1f%% vs %.1f%% observed over %,d requests "
            + "(tolerance ±%.0f pp): the simulated baseline bill may not match the real one", 100 * sim, 100 * o,
            cache.path("requests").asLong(), 100 * HIT_RATIO_TOLERANCE));
      }
    } else {
      n.putNull("observed_token_hit_ratio");
      n.putNull("simulated_token_hit_ratio");
    }
    if (lat.isObject()) {
      double o = lat.path("observed_ttft_p50").asDouble();
      double sim = lat.path("simulated_ttft_p50").asDouble();
      n.put("observed_ttft_p50_ms", Summary.ratio(o));
      n.put("simulated_ttft_p50_ms", Summary.ratio(sim));
      if (o > 0 && Math.abs(sim - o) / o > TTFT_TOLERANCE) {
        warnings.add(String.format(Locale.US, "simulated median TTFT %.0f ms vs %.0f ms observed over %,d requests "
            + "(tolerance ±%.0f%%): calibrate the managed latency (replaygate calibrate managed)", sim, o,
            lat.path("requests").asLong(), 100 * TTFT_TOLERANCE));
      }
    } else {
      n.putNull("observed_ttft_p50_ms");
      n.putNull("simulated_ttft_p50_ms");
    }
    n.put("hit_ratio_tolerance", HIT_RATIO_TOLERANCE);
    n.put("ttft_tolerance", TTFT_TOLERANCE);
    n.set("warnings", warnings);
  }

  /**
   * {@code purge}: the run's purge events (tenant, time, the tenant's requests after it) and, per path, its purge
   * evidence and what the purges cost — token hit ratio and USD against the same run without them. Null without
   * purge events.
   */
  private static void purge(ObjectNode root, Replay.Result result, JsonNode without) {
    JsonNode events = result.summary().path("purges");
    if (events.isEmpty() || without == null) {
      root.putNull("purge");
      return;
    }
    ObjectNode n = root.putObject("purge");
    n.set("events", events);
    ArrayNode paths = n.putArray("paths");
    for (PathResult r : result.paths()) {
      JsonNode with = summaryPath(result, r.config().name());
      JsonNode before = null;
      for (JsonNode p : without.path("paths")) {
        if (p.path("path").asText().equals(r.config().name())) {
          before = p;
        }
      }
      ObjectNode p = paths.addObject();
      p.put("path", r.config().name());
      p.put("purge_evidence", with.path("purge_evidence").asText());
      p.set("token_hit_ratio", with.path("token_hit_ratio"));
      p.set("token_hit_ratio_without_purge", before == null ? p.nullNode() : before.path("token_hit_ratio"));
      p.set("cost_usd", with.path("cost_usd"));
      JsonNode beforeCost = before == null ? p.nullNode() : before.path("cost_usd");
      p.set("cost_usd_without_purge", beforeCost);
      if (with.path("cost_usd").isNumber() && beforeCost.isNumber()) {
        p.put("cost_of_purge_usd", Summary.usd(with.path("cost_usd").decimalValue()
            .subtract(beforeCost.decimalValue())));
      } else {
        p.putNull("cost_of_purge_usd");
      }
    }
  }

  private static void paths(ArrayNode into, Replay.Result result, PathResult baseline) {
    for (PathResult r : result.paths()) {
      JsonNode s = summaryPath(result, r.config().name());
      ObjectNode n = into.addObject();
      n.put("path", r.config().name());
      n.put("profile", r.config().profile().wireName());
      n.put("purge_evidence", s.path("purge_evidence").asText());
      n.put("requests", r.stats().requests);
      n.put("token_hit_ratio", Summary.ratio(r.stats().tokenHitRatio()));
      n.put("slo_attainment", Summary.ratio(r.stats().sloAttainment()));
      n.put("error_rate", Summary.ratio(r.stats().errorRate()));
      n.set("ttft_p95_ms", s.path("latency_ms").path("ttft_p95"));
      JsonNode u = s.path(UTILISATION);
      n.set(UTILISATION, u.isMissingNode() ? n.nullNode() : u);
      JsonNode g = s.path("gpu_busy_fraction");
      n.set("gpu_busy_fraction", g.isMissingNode() ? n.nullNode() : g);
      if (r.config().profile() == Profile.HYBRID || r.built().cluster() != null) {
        JsonNode c = s.path("cluster");
        n.put("fallback_share", Summary.ratio(r.stats().requests == 0 ? 0
            : (double) s.path("fallback_served").path("requests").asLong() / r.stats().requests));
        n.set("overflowed", c.path("overflowed"));
      }
      PathCost cost = r.cost();
      if (cost == null) {
        n.putNull("cost_usd");
        n.putNull("monthly_usd");
        n.putNull("savings_vs_baseline");
        n.putArray("line_items");
        continue;
      }
      n.put("cost_usd", Summary.usd(cost.total()));
      n.put("monthly_usd", Summary.usd(cost.monthly().usd()));
      BigDecimal perM = cost.usdPerMillionTokens();
      if (perM == null) {
        n.putNull("usd_per_million_tokens");
      } else {
        n.put("usd_per_million_tokens", Summary.usd(perM));
      }
      double b = baseline.cost().total().doubleValue();
      n.put("savings_vs_baseline", Summary.ratio(b == 0 ? 0 : (b - cost.total().doubleValue()) / b));
      ArrayNode items = n.putArray("line_items");
      for (CostLine l : cost.lines()) {
        items.addObject().put("item", l.item()).put("kind", l.kind().name().toLowerCase(Locale.ROOT))
            .put("category", l.category().name().toLowerCase(Locale.ROOT)).put("amount_usd", Summary.usd(l.amount()));
      }
    }
  }
}
