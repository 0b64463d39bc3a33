package io.replaygate.cli;

import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.profile.TraceProfile;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate inspect}: what a trace holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate inspect", "  replaygate inspect --json mooncake_trace.jsonl", "  replaygate inspect --format litellm --strict spend_logs.jsonl"},
    description = {"Summarise a trace: records, time span, arrival rate, token distributions, sessions, "
        + "model paths with shares, blocks and unique blocks, metadata.",
        "With no TRACE, inspects the bundled default (sample:default)."})
public final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(paramLabel = "TRACE", arity = "0..*",
      description = "Trace file(s) of any known format, combined into one trace; or sample:NAME.")
  List<String> traces;

  @Option(names = "--json", description = "Print the summary as JSON, for machines.")
  boolean json;

  @Option(names = "--exact", description = "Count unique blocks exactly however many there are (about 16 bytes "
      + "each); by default exactly up to 4,194,304, then a HyperLogLog estimate (relative standard error 0.81%%, "
      + "stated).")
  boolean exact;

  @Mixin
  CatalogOptions prices;

  @Override
  public Integer call() throws Exception {
    List<String> inputs = InputOptions.orDefault(traces);
    TraceProfile.Summary s;
    try (TraceReader reader = input.open(inputs, input.readOptions(ProblemSink.FAIL_FAST))) {
      s = TraceProfile.of(reader, exact ? Long.MAX_VALUE : io.replaygate.trace.profile.DistinctCount.DEFAULT_EXACT_LIMIT);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("trace", inputs);
      doc.put("summary", s);
      doc.put("model_resolution", resolution(s, prices.catalog()));
      out.println(CliJson.write(doc));
    } else {
      print(out, inputs.size() <= 3 ? String.join(" ", inputs)
          : inputs.size() + " files: " + inputs.get(0) + " ... " + inputs.get(inputs.size() - 1), s);
      printModels(out, resolution(s, prices.catalog()));
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * How a recorded model string resolves in the price catalog (what the observed baseline prices it as).
   *
   * @param catalogId the catalog id, or null when it does not resolve
   * @param problem   why not, with the nearest ids
   */
  record Resolution(String provider, String model, long records, String catalogId, String problem) {}

  static List<Resolution> resolution(TraceProfile.Summary s, io.replaygate.costmodel.catalog.PriceCatalog catalog) {
    List<Resolution> out = new java.util.ArrayList<>();
    for (TraceProfile.RecordedModel m : s.recordedModels()) {
      try {
        out.add(new Resolution(m.provider(), m.model(), m.records(),
            catalog.resolve(m.provider().isEmpty() ? null : m.provider(), m.model()), null));
      } catch (io.replaygate.costmodel.catalog.CatalogException e) {
        out.add(new Resolution(m.provider(), m.model(), m.records(), null, e.problem()));
      }
    }
    return out;
  }

  static void printModels(PrintWriter out, List<Resolution> models) {
    if (models.isEmpty()) {
      row(out, "models", "not recorded");
      return;
    }
    long unresolved = models.stream().filter(m -> m.catalogId() == null).count();
    row(out, "models", models.size() + " recorded" + (unresolved == 0 ? ", every one in the price catalog"
        : ", " + unresolved + " not in the price catalog") + "  (provider / model → catalog id)");
    int width = models.stream().mapToInt(m -> m.provider().length() + m.model().length() + 3).max().orElse(0);
    for (Resolution m : models) {
      String recorded = (m.provider().isEmpty() ? "" : m.provider() + " / ") + m.model();
      out.printf("  %-" + width + "s  %12s  → %s%n", recorded, n(m.records()),
          m.catalogId() != null ? m.catalogId() : "not resolved: " + m.problem());
    }
  }

  static void print(PrintWriter out, String name, TraceProfile.Summary s) {
    boolean epoch = TimeOrigin.EPOCH.wireName().equals(s.metadata().get("time_origin"));
    row(out, "trace", name + " (" + s.metadata().get("source_format") + ")");
    row(out, "records", n(s.records()));
    if (s.records() > 0) {
      row(out, "time span", time(s.firstArrivalUs(), epoch) + " → " + time(s.lastArrivalUs(), epoch)
          + String.format("  (%s)", duration(s.spanSeconds())));
      row(out, "arrival rate", String.format("%.3f req/s mean, peak %s req in one minute",
          s.arrivalRatePerSecond(), n(s.peakArrivalsPerMinute())));
    }
    row(out, "input tokens", tokens(s.inputTokens()));
    row(out, "output tokens", tokens(s.outputTokens()));
    if (s.recordsWithObservedCache() > 0) {
      row(out, "observed cache", n(s.recordsWithObservedCache()) + " records report usage: "
          + n(s.cachedTokens()) + " cached, " + n(s.cacheWriteTokens()) + " written tokens");
    }
    row(out, "sessions", s.sessions() == 0 ? "not recorded" : n(s.sessions()));
    row(out, "tenants", s.tenants() == 0 ? "not recorded" : n(s.tenants()));
    row(out, "blocks", s.blocks() == 0 ? "no block hashes" : n(s.blocks()) + " (" + n(s.uniqueBlocks())
        + (s.uniqueBlocksError() > 0 ? String.format(" ±%.2f%% (HyperLogLog estimate; --exact counts them)",
            100 * s.uniqueBlocksError()) : "")
        + String.format(" unique; block reuse %.1f%%)", 100 * s.blockReuse()));
    if (s.blocks() > 0 && s.recordsWithoutBlockHashes() > 0) {
      row(out, "", n(s.recordsWithoutBlockHashes()) + " of " + n(s.records()) + " records have no block hashes (prompt "
          + "not recorded): caching cannot be simulated for them; their observed usage is kept");
    }
    row(out, "model paths", s.modelPaths().size() + "  (share of requests / of input tokens)");
    int width = s.modelPaths().stream().mapToInt(p -> p.modelPath().length()).max().orElse(0);
    for (TraceProfile.PathShare p : s.modelPaths()) {
      out.printf("  %-" + width + "s  %12s  %6.2f%%  %6.2f%%%n", p.modelPath(), n(p.records()),
          100 * p.recordShare(), 100 * p.inputShare());
    }
    StringBuilder statuses = new StringBuilder();
    s.statuses().forEach((k, v) -> statuses.append(statuses.isEmpty() ? "" : ", ").append(k).append(' ').append(n(v)));
    row(out, "statuses", statuses.toString());
    StringBuilder meta = new StringBuilder();
    s.metadata().forEach((k, v) -> meta.append(meta.isEmpty() ? "" : " ").append(k).append('=').append(v));
    row(out, "metadata", meta.toString());
    row(out, "capabilities", s.capabilities().isEmpty() ? "none" : String.join(", ", s.capabilities()));
  }

  private static void row(PrintWriter out, String label, String value) {
    out.println(Ansi.AUTO.string("@|bold " + String.format("%-15s", label) + "|@") + value);
  }

  static String n(long v) {
    return String.format("%,d", v);
  }

  private static String tokens(TraceProfile.Tokens t) {
    return String.format("sum %s  mean %,.1f  p50 %s  p90 %s  p99 %s  max %s", n(t.sum()), t.mean(), n(t.p50()),
        n(t.p90()), n(t.p99()), n(t.max()));
  }

  private static String time(long us, boolean epoch) {
    if (epoch) {
      return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L).toString();
    }
    return String.format("%.3f s", us / 1e6);
  }

  private static String duration(double seconds) {
    if (seconds >= 86_400) {
      return String.format("%.2f days", seconds / 86_400);
    }
    if (seconds >= 3_600) {
      return String.format("%.2f h", seconds / 3_600);
    }
    return String.format("%.1f s", seconds);
  }
}
