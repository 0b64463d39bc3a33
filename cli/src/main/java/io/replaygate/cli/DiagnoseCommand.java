package io.replaygate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.replay.Replay;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.diagnose.Concentration;
import io.replaygate.replay.diagnose.Diagnosis;
import io.replaygate.replay.diagnose.Volume;
import io.replaygate.replay.output.Summary;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
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
@Command(name = "diagnose", mixinStandardHelpOptions = true, description = {
    "One fast pass over the trace: model-path and tenant concentration (shares, top-k, HHI), the reuse ceiling "
        + "(an unbounded prefix cache) and the hit-ratio-vs-capacity curve of one LRU prefix pool (exact, "
        + "stack-distance algorithm).",
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

  @Option(names = "--cache-curve", paramLabel = "BLOCKS,...", split = ",",
      defaultValue = "1000,10000,30000,50000,100000,inf",
      description = "Pool sizes in trace blocks to print the curve at; inf = unbounded (default: ${DEFAULT-VALUE}).")
  List<String> capacities;

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
    Concentration conc = new Concentration();
    ReuseCurve curve = null;
    Integer blockTokens;
    Volume volume;
    try (TraceReader r = input.open(in, input.readOptions(ProblemSink.FAIL_FAST))) {
      blockTokens = r.metadata().blockTokens();
      volume = new Volume(Replay.businessHours(Scenario.DEFAULTS, r.metadata()));
      if (blockTokens != null) {
        curve = new ReuseCurve(blockTokens);
      }
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        conc.add(rec);
        volume.add(rec);
        if (curve != null) {
          curve.add(rec);
        }
      }
    }
    ReuseCurve.Point ceiling = curve == null ? null : curve.ceiling();
    List<ReuseCurve.Point> curvePoints = curve == null ? List.of() : caps.stream().map(curve::at).toList();
    // Managed capture: each provider's simulator over the same traffic (only meaningful with block hashes).
    java.util.Map<String, Double> managed = new java.util.LinkedHashMap<>();
    if (curve != null) {
      List<String> specs = paths.isEmpty() ? Scenario.DEFAULT_PROVIDER_PATHS : paths;
      List<Scenario.PathConfig> pcs = new ArrayList<>();
      for (String spec : specs) {
        Scenario.PathConfig pc = ScenarioLoader.quickPath(spec, null);
        if (pc.profile() != Scenario.Profile.MANAGED && pc.profile() != Scenario.Profile.BYOK) {
          throw new UserError("--path " + spec + ": diagnose measures managed paths only");
        }
        pcs.add(pc);
      }
      java.nio.file.Path work = java.nio.file.Files.createTempDirectory("replaygate-diagnose-");
      try {
        Replay.Result res = Replay.run(() -> input.open(in, input.readOptions(ProblemSink.FAIL_FAST)),
            Scenario.DEFAULTS.withPaths(pcs), prices.catalog(), prices.date(), input.seed, work.resolve("run"));
        for (var p : res.summary().path("paths")) {
          managed.put(p.path("path").asText(), p.path("token_hit_ratio").asDouble());
        }
      } finally {
        CliFiles.deleteTree(work);
      }
    }
    // Volume against one replica of the default BYOC shape.
    var d = ClusterDefaults.DEPLOYMENT;
    var shape = ClusterPathSimulator.shape(d, io.replaygate.replay.byoc.spec.ModelTable.bundled(),
        io.replaygate.costmodel.catalog.GpuCatalog.bundled());
    var step = d.step().model().create(shape, d.step());
    double prefillRate = ClusterDefaults.prefillTokensPerSecond(step, d.engine());
    double decodeRate = ClusterDefaults.saturatedDecodeTokensPerSecond(shape, step, d.engine());
    String replica = d.model() + " " + d.weights().wireName() + " on " + d.tp() + " × " + d.gpu();
    java.util.Map<String, Double> replicas = volume.replicas(prefillRate, decodeRate, t.breakEvenUtilisation());
    String top = conc.modelPaths().isEmpty() ? null : conc.modelPaths().get(0).key();
    Diagnosis.Result diagnosis = Diagnosis.decide(new Diagnosis.Figures(top == null ? 0 : replicas.get(top),
        conc.topShare(1), conc.topShare(2), ceiling == null ? Double.NaN : ceiling.tokenHitRatio(), managed), t);
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
    ArrayNode points = root.putArray("cache_curve");
    if (curve == null) {
      reuse.putNull("block_tokens");
      reuse.put("note", "the trace has no block hashes: reuse cannot be measured");
    } else {
      reuse.put("block_tokens", blockTokens);
      reuse.put("distinct_blocks", curve.distinctBlocks());
      reuse.put("ceiling_token_hit_ratio", Summary.ratio(ceiling.tokenHitRatio()));
      reuse.put("ceiling_block_hit_ratio", Summary.ratio(ceiling.blockHitRatio()));
      for (ReuseCurve.Point p : curvePoints) {
        ObjectNode n = points.addObject();
        if (p.capacityBlocks() == Long.MAX_VALUE) {
          n.put("capacity_blocks", "inf");
        } else {
          n.put("capacity_blocks", p.capacityBlocks());
        }
        n.put("block_hit_ratio", Summary.ratio(p.blockHitRatio()));
        n.put("token_hit_ratio", Summary.ratio(p.tokenHitRatio()));
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
          .put("replicas_busy", Summary.ratio(replicas.get(s.key()))).put("gpus_busy", Summary.ratio(replicas.get(s.key()) * d.tp()));
    }
    root.put("code", diagnosis.code());
    ArrayNode why = root.putArray("reasons");
    diagnosis.reasons().forEach(why::add);
    ObjectNode th = root.putObject("thresholds");
    th.put("min_replicas", t.minReplicas());
    th.put("break_even_utilisation", t.breakEvenUtilisation());
    th.put("min_top2_share", t.minTop2Share());
    th.put("min_reuse_left", t.minReuseLeft());
    th.put("min_top1_share_for_full", t.minTop1ShareForFull());
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      o.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
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
      o.printf(Locale.US, "reuse ceiling (unbounded prefix cache, %d-token blocks): %.1f%% of prompt tokens, %.1f%% of "
          + "blocks%n", blockTokens, 100 * ceiling.tokenHitRatio(), 100 * ceiling.blockHitRatio());
      o.println("one LRU prefix pool:   capacity (blocks)   token hit ratio   block hit ratio");
      for (ReuseCurve.Point p : curvePoints) {
        long cap = p.capacityBlocks();
        o.printf(Locale.US, "                      %17s   %15.4f   %15.4f%n",
            cap == Long.MAX_VALUE ? "inf" : String.format(Locale.US, "%,d", cap), p.tokenHitRatio(), p.blockHitRatio());
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

  private static void shares(ArrayNode into, List<Concentration.Share> shares) {
    for (Concentration.Share s : shares) {
      into.addObject().put("key", s.key()).put("requests", s.requests()).put("tokens", s.tokens())
          .put("request_share", Summary.ratio(s.requestShare())).put("token_share", Summary.ratio(s.tokenShare()));
    }
  }
}
