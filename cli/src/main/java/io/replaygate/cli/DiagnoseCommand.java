package io.replaygate.cli;

import io.replaygate.replay.Replay;
import io.replaygate.replay.diagnose.Concentration;
import io.replaygate.replay.diagnose.Diagnosis;
import io.replaygate.replay.diagnose.Volume;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.trace.ProblemSink;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code replaygate diagnose}: one pass, no cluster simulation — how concentrated the traffic is and how much
 * of it a prefix cache could reuse, at every pool size (DESIGN §1, step 1).
 */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate diagnose", "  replaygate diagnose trace.parquet --cache-curve 1000,10000,inf --json", "  replaygate diagnose trace.parquet \\", "      --path managed:anthropic/claude-sonnet-4-5 --threshold min_replicas=2"}, description = {
    "One fast pass over the trace: model-path and tenant concentration (shares, top-k, HHI), the reuse ceiling "
        + "(an unbounded prefix cache) and the hit-ratio-vs-capacity curve of one LRU prefix pool (stack-distance "
        + "algorithm: exact up to --exact-blocks distinct blocks, then SHARDS-sampled with its 95%% error stated).",
    "Then how much of that reuse each managed provider's cache already captures (their simulators over the same "
        + "traffic), how many replicas of the default BYOC shape the busiest model paths keep busy in business "
        + "hours, and the diagnostic code of DESIGN §1 with the figures and thresholds that decided it."})
public final class DiagnoseCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(paramLabel = "TRACE", arity = "0..*",
      description = "Trace file(s) of any known format, or sample:NAME (default: sample:default).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--cache-curve", paramLabel = "BLOCKS", split = ",",
      defaultValue = "1000,10000,30000,50000,100000,inf",
      description = "Pool sizes in trace blocks to print the curve at; inf = unbounded (default: ${DEFAULT-VALUE}).")
  List<String> capacities;

  @Option(names = "--exact-blocks", paramLabel = "N", defaultValue = "4194304",
      description = "Distinct blocks the reuse curve tracks exactly; beyond them it samples (SHARDS, memory bounded "
          + "by N) and states each figure's 95%% error (default: ${DEFAULT-VALUE}, about 250 MB).")
  long exactBlocks;

  @Option(names = "--sampled-blocks", paramLabel = "N", defaultValue = "1048576",
      description = "Kept blocks the sampled curve holds at most (the smaller of N and --exact-blocks applies); a "
          + "larger N narrows the stated error and costs memory and time (default: ${DEFAULT-VALUE}, about 60 MB).")
  long sampledBlocks;

  @Option(names = "--json", description = "Print everything as JSON.")
  boolean json;

  @Mixin
  CatalogOptions prices;

  @Option(names = "--path", paramLabel = "SPEC", description = "Managed paths whose cache capture to measure "
      + "(default: managed:anthropic/claude-sonnet-4-5, managed:openai/gpt-5).")
  List<String> paths = new ArrayList<>();

  @Option(names = "--threshold", paramLabel = "NAME=VALUE", description = "Change a diagnosis threshold "
      + "(min_replicas, break_even_utilisation, min_top2_share, min_reuse_left, min_top1_share_for_full).")
  java.util.Map<String, Double> thresholds = new java.util.LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    List<Long> caps = new ArrayList<>();
    for (String c : capacities) {
      String s = c.strip().toLowerCase(Locale.ROOT).replace("_", "");
      try {
        long v = s.equals("inf") ? Long.MAX_VALUE : Long.parseLong(s);
        if (v <= 0) {
          throw new NumberFormatException();
        }
        caps.add(v);
      } catch (NumberFormatException e) {
        throw new UserError("--cache-curve: expected positive block counts or inf, got '" + c + "'");
      }
    }
    Diagnosis.Thresholds t = Diagnosis.Thresholds.DEFAULTS;
    for (var e : thresholds.entrySet()) {
      try {
        t = t.with(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new UserError("--threshold: " + ex.getMessage());
      }
    }
    List<String> in = InputOptions.orDefault(inputs);
    if (exactBlocks < 1) {
      throw new UserError("--exact-blocks: expected a positive block count, got " + exactBlocks);
    }
    if (sampledBlocks < 1) {
      throw new UserError("--sampled-blocks: expected a positive block count, got " + sampledBlocks);
    }
    TracePass pass = new TracePass(input.open(in, input.readOptions(ProblemSink.FAIL_FAST)),
        ReuseCurve.Sampling.DEFAULTS.withMaxExactBlocks(exactBlocks).withMaxSampledBlocks(sampledBlocks));
    // Managed capture: each provider's simulator over the same traffic (only meaningful with block hashes).
    java.util.Map<String, Double> managed = new java.util.LinkedHashMap<>();
    if (pass.curve != null) {
      List<String> specs = paths.isEmpty() ? Scenario.DEFAULT_PROVIDER_PATHS : paths;
      List<Scenario.PathConfig> pcs = new ArrayList<>();
      for (String spec : specs) {
        Scenario.PathConfig pc = ScenarioLoader.quickPath(spec, null);
        if (pc.profile() != Scenario.Profile.MANAGED && pc.profile() != Scenario.Profile.BYOK) {
          throw new UserError("--path " + spec + ": diagnose measures managed paths only");
        }
        pcs.add(pc);
      }
      java.nio.file.Path work = io.replaygate.trace.InFlight.track(java.nio.file.Files.createTempDirectory(
          "replaygate-diagnose-"));
      try {
        Replay.Result res = Replay.run(() -> input.open(in, input.readOptions(ProblemSink.FAIL_FAST)),
            Scenario.DEFAULTS.withPaths(pcs), prices.catalog(), prices.date(), input.seed, work.resolve("run"));
        for (var p : res.summary().path("paths")) {
          managed.put(p.path("path").asText(), p.path("token_hit_ratio").asDouble());
        }
      } finally {
        io.replaygate.trace.InFlight.discard(work);
      }
    }
    TracePass.Analysis a = pass.diagnose(caps, managed, t);
    Concentration conc = pass.conc;
    ReuseCurve curve = pass.curve;
    Volume volume = pass.volume;
    Integer blockTokens = pass.blockTokens;
    ReuseCurve.Point ceiling = a.ceiling;
    List<ReuseCurve.Point> curvePoints = a.points;
    double prefillRate = a.prefillRate;
    double decodeRate = a.decodeRate;
    String replica = a.replica;
    java.util.Map<String, Double> replicas = a.replicas;
    Diagnosis.Result diagnosis = a.diagnosis;
    var perHour = volume.tokensPerHour();
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(CliJson.write(a.json()));
      o.flush();
      return ExitCode.OK;
    }
    o.printf(Locale.US, "%,d requests, %,d tokens%n", conc.requests(), conc.tokens());
    o.printf(Locale.US, "concentration: top-1 %.1f%% of tokens, top-2 %.1f%%, HHI %.3f%n", 100 * conc.topShare(1),
        100 * conc.topShare(2), conc.hhi());
    for (Concentration.Share s : conc.modelPaths()) {
      o.printf(Locale.US, "  %-32s %6.2f%% of requests  %6.2f%% of tokens%n", s.key(), 100 * s.requestShare(),
          100 * s.tokenShare());
    }
    o.printf(Locale.US, "tenants: %s%n", String.join(", ", conc.tenants().stream()
        .map(s -> String.format(Locale.US, "%s %.1f%%", s.key(), 100 * s.tokenShare())).toList()));
    if (curve == null) {
      o.println("reuse: the trace has no block hashes: reuse cannot be measured");
    } else {
      boolean sampled = curve.sampled();
      o.printf(Locale.US, "reuse ceiling (unbounded prefix cache, %d-token blocks): %.1f%% of prompt tokens%s, %.1f%% of "
          + "blocks%n", blockTokens, 100 * ceiling.tokenHitRatio(), pm(ceiling.tokenHitRatioError()),
          100 * ceiling.blockHitRatio());
      if (sampled) {
        o.printf(Locale.US, "  sampled: past %,d distinct blocks the curve is SHARDS-sampled (rate 1/%.0f of blocks, %d "
            + "partitions, at most %,d kept; the first %,d of %,d block references exact); ± is the 95%% error%n",
            curve.sampling().maxExactBlocks(), 1 / curve.samplingRate(), curve.sampling().partitions(),
            curve.sampling().sampledLimit(), curve.exactBlockReferences(), curve.blockReferences());
      }
      o.println("one LRU prefix pool:   capacity (blocks)   token hit ratio   block hit ratio");
      for (ReuseCurve.Point p : curvePoints) {
        long cap = p.capacityBlocks();
        o.printf(Locale.US, "                      %17s   %15s   %15s%n",
            cap == Long.MAX_VALUE ? "inf" : String.format(Locale.US, "%,d", cap),
            ratio(p.tokenHitRatio(), p.tokenHitRatioError(), sampled),
            ratio(p.blockHitRatio(), p.blockHitRatioError(), sampled));
      }
    }
    managed.forEach((k, v) -> o.printf(Locale.US, "managed capture: %s reads %.1f%% of prompt tokens from cache%n", k,
        100 * v));
    o.printf(Locale.US, "volume per %s against one %s replica (%,.0f prefill / %,.0f decode tokens/s):%n",
        volume.businessHoursOnly() ? "business hour" : "hour (no business hours in the trace)",
        replica, prefillRate, decodeRate);
    for (Concentration.Share s : conc.modelPaths()) {
      o.printf(Locale.US, "  %-32s %,14.0f tokens/h  %6.2f replicas busy at %.0f%%%n", s.key(), perHour.get(s.key()),
          replicas.get(s.key()), 100 * t.breakEvenUtilisation());
    }
    o.println("code: " + diagnosis.code());
    diagnosis.reasons().forEach(x -> o.println("  - " + x));
    o.flush();
    return ExitCode.OK;
  }

  /** A ratio to four places, with its sampling error when the curve is sampled. */
  private static String ratio(double v, double error, boolean sampled) {
    return sampled ? String.format(Locale.US, "%.4f±%.4f", v, error) : String.format(Locale.US, "%.4f", v);
  }

  /** " ± x pts" for a sampled figure, nothing for an exact one. */
  private static String pm(double error) {
    return error == 0 ? "" : String.format(Locale.US, " ± %.1f pts", 100 * error);
  }
}
