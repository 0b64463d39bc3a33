package io.replaygate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.datasets.BundledSample;
import io.replaygate.replay.diagnose.Concentration;
import io.replaygate.replay.diagnose.ReuseCurve;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    "Not yet: the managed providers' capture of that reuse, the volume against a replica's throughput and the "
        + "diagnostic code (open work)."})
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
    List<String> in = inputs.isEmpty() ? List.of(BundledSample.DEFAULT.uri()) : inputs;
    Concentration conc = new Concentration();
    ReuseCurve curve = null;
    Integer blockTokens;
    try (TraceReader r = input.open(in, input.readOptions(ProblemSink.FAIL_FAST))) {
      blockTokens = r.metadata().blockTokens();
      if (blockTokens != null) {
        curve = new ReuseCurve(blockTokens);
      }
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        conc.add(rec);
        if (curve != null) {
          curve.add(rec);
        }
      }
    }
    ObjectNode root = JsonNodeFactory.withExactBigDecimals(true).objectNode();
    root.put("requests", conc.requests());
    root.put("tokens", conc.tokens());
    ObjectNode c = root.putObject("concentration");
    c.put("top1_token_share", r6(conc.topShare(1)));
    c.put("top2_token_share", r6(conc.topShare(2)));
    c.put("hhi", r6(conc.hhi()));
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
      ReuseCurve.Point ceiling = curve.ceiling();
      reuse.put("ceiling_token_hit_ratio", r6(ceiling.tokenHitRatio()));
      reuse.put("ceiling_block_hit_ratio", r6(ceiling.blockHitRatio()));
      for (long cap : caps) {
        ReuseCurve.Point p = curve.at(cap);
        ObjectNode n = points.addObject();
        if (cap == Long.MAX_VALUE) {
          n.put("capacity_blocks", "inf");
        } else {
          n.put("capacity_blocks", cap);
        }
        n.put("block_hit_ratio", r6(p.blockHitRatio()));
        n.put("token_hit_ratio", r6(p.tokenHitRatio()));
      }
    }
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
      ReuseCurve.Point ceiling = curve.ceiling();
      o.printf(Locale.US, "reuse ceiling (unbounded prefix cache, %d-token blocks): %.1f%% of prompt tokens, %.1f%% of "
          + "blocks%n", blockTokens, 100 * ceiling.tokenHitRatio(), 100 * ceiling.blockHitRatio());
      o.println("one LRU prefix pool:   capacity (blocks)   token hit ratio   block hit ratio");
      for (long cap : caps) {
        ReuseCurve.Point p = curve.at(cap);
        o.printf(Locale.US, "                      %17s   %15.4f   %15.4f%n",
            cap == Long.MAX_VALUE ? "inf" : String.format(Locale.US, "%,d", cap), p.tokenHitRatio(), p.blockHitRatio());
      }
    }
    o.flush();
    return ExitCode.OK;
  }

  private static void shares(ArrayNode into, List<Concentration.Share> shares) {
    for (Concentration.Share s : shares) {
      into.addObject().put("key", s.key()).put("requests", s.requests()).put("tokens", s.tokens())
          .put("request_share", r6(s.requestShare())).put("token_share", r6(s.tokenShare()));
    }
  }

  private static BigDecimal r6(double v) {
    return BigDecimal.valueOf(v).setScale(6, RoundingMode.HALF_EVEN);
  }
}
