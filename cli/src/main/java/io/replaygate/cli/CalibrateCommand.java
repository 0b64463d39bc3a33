package io.replaygate.cli;

import io.replaygate.costmodel.catalog.LatencyParams;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.PriceEntry;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.terms.ProviderTerms;
import io.replaygate.replay.Replay;
import io.replaygate.replay.calibrate.LatencyFit;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replaygate calibrate managed}: fit the managed latency model to a trace's observed latencies. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate calibrate managed gateway.jsonl --out latency.yaml", "  replaygate calibrate cluster --live runs/live --out steps.csv"},
    description = "Fit simulation parameters to what a trace measured.",
    subcommands = {CalibrateCommand.Managed.class, CalibrateCommand.Cluster.class})
public final class CalibrateCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Dated model ids (claude-opus-4-5-20251101, gpt-5-2025-08-07) name the catalog's undated entry. */
  static String catalogModel(String model) {
    return model.replaceAll("-\\d{8}$", "").replaceAll("-\\d{4}-\\d{2}-\\d{2}$", "");
  }

  /** The provider a model id belongs to when the trace does not say. */
  static String provider(String recorded, String model) {
    if (recorded != null && !recorded.isBlank()) {
      return recorded;
    }
    if (model.startsWith("claude")) {
      return "anthropic";
    }
    if (model.startsWith("gpt") || model.matches("o\\d.*")) {
      return "openai";
    }
    if (model.startsWith("gemini")) {
      return "gemini";
    }
    if (model.startsWith("deepseek")) {
      return "deepseek";
    }
    return null;
  }

  @Command(name = "managed", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate calibrate managed gateway.jsonl --out latency.yaml"}, description = {
      "Fit each managed model's latency parameters (TTFT = base + per 1k uncached prompt tokens; TPOT) by least "
          + "squares to the TTFT and end-to-end times the trace observed, with uncached tokens from the "
          + "provider's own cache simulation; report MAPE before and after; write an overrides file "
          + "(--overrides FILE loads it in replay and prices)."})
  static final class Managed implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    InputOptions input;

    @Mixin
    CatalogOptions prices;

    @Parameters(paramLabel = "TRACE", arity = "1..*", description = "Trace file(s) with observed latencies.")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "FILE", required = true,
        description = "Overrides file to write (YAML: models with their fitted latency).")
    Path out;

    @Override
    public Integer call() throws IOException {
      PriceCatalog catalog = prices.catalog();
      LocalDate date = prices.asOf(); // latency figures only: nothing is priced
      // Pass 1: which catalog targets the trace's requests went to, and their model paths.
      Map<String, Set<String>> modelPaths = new TreeMap<>();
      long observed = 0;
      long unresolved = 0;
      Set<String> unknown = new TreeSet<>();
      try (TraceReader r = input.open(inputs, input.readOptions(ProblemSink.FAIL_FAST))) {
        while (r.hasNext()) {
          TraceRecord rec = r.next();
          if (rec.ttftMs() == null && rec.e2eMs() == null) {
            continue;
          }
          observed++;
          String target = rec.model() == null ? null : provider(rec.provider(), rec.model()) == null ? null
              : provider(rec.provider(), rec.model()) + "/" + catalogModel(rec.model());
          if (target == null || catalog.history(target).isEmpty()) {
            unresolved++;
            unknown.add(rec.model() == null ? "(no model recorded)" : rec.model());
            continue;
          }
          modelPaths.computeIfAbsent(target, k -> new TreeSet<>()).add(rec.modelPath());
        }
      }
      if (modelPaths.isEmpty()) {
        throw new UserError("no request with observed latencies names a model in the price catalog"
            + (unknown.isEmpty() ? "" : " (models: " + String.join(", ", unknown) + ")"));
      }
      // Pass 2: each target's cache simulation over its own requests gives their uncached tokens.
      List<Scenario.PathConfig> paths = new ArrayList<>();
      modelPaths.forEach((target, mps) -> {
        List<Scenario.RouteConfig> routes = new ArrayList<>(
            mps.stream().map(mp -> new Scenario.RouteConfig(mp, List.of(target))).toList());
        routes.add(new Scenario.RouteConfig("*", List.of("none"))); // other models' requests: not this target's
        paths.add(new Scenario.PathConfig(target, Scenario.Profile.MANAGED, routes, null, ServiceTier.STANDARD,
            ProviderTerms.LIST, null));
      });
      Path work = io.replaygate.trace.InFlight.track(Files.createTempDirectory("replaygate-calibrate-"));
      PrintWriter o = spec.commandLine().getOut();
      StringBuilder yaml = new StringBuilder("# replaygate calibrate managed: managed latency fitted by least squares to "
          + "the latencies observed in " + (inputs.size() <= 3 ? String.join(", ", inputs) : inputs.size() + " files ("
          + inputs.get(0) + ", ...)") + " (" + observed + " requests with an observed "
          + "latency). Load with --overrides.\nmodels:\n");
      try {
        Replay.run(() -> input.open(inputs, input.readOptions(ProblemSink.FAIL_FAST)),
            Scenario.DEFAULTS.withPaths(paths), catalog, date, input.seed, work.resolve("run"));
        o.printf(Locale.US, "%-36s %6s %6s %18s %18s  %s%n", "target", "ttft", "e2e", "TTFT MAPE before→after",
            "e2e MAPE before→after", "fitted (base ms, ms per 1k uncached, TPOT ms)");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:")) {
          for (String target : modelPaths.keySet()) {
            PriceEntry entry = catalog.at(target, date);
            LatencyFit.Result fit = LatencyFit.fit(observations(db, work.resolve("run/outcomes.parquet"), target),
                entry.latency());
            LatencyParams p = fit.fitted();
            o.printf(Locale.US, "%-36s %6d %6d %8s → %-8s %8s → %-8s  %.1f, %.3f, %.3f%n", target,
                fit.ttftObservations(), fit.e2eObservations(), pct(fit.mapeTtftBefore()), pct(fit.mapeTtftAfter()),
                pct(fit.mapeE2eBefore()), pct(fit.mapeE2eAfter()), p.ttftBaseMs(), p.ttftMsPer1kUncached(), p.tpotMs());
            yaml.append(String.format(Locale.US, "  # %s: TTFT MAPE %s → %s over %d, e2e MAPE %s → %s over %d%n", target,
                pct(fit.mapeTtftBefore()), pct(fit.mapeTtftAfter()), fit.ttftObservations(), pct(fit.mapeE2eBefore()),
                pct(fit.mapeE2eAfter()), fit.e2eObservations()));
            yaml.append(String.format(Locale.US, "  - {provider: %s, model: %s, effective: %s, latency: {ttft_base_ms: %.1f, "
                    + "ttft_ms_per_1k_uncached: %.4f, tpot_ms: %.4f}}%n", entry.provider(), entry.model(),
                entry.effective(), p.ttftBaseMs(), p.ttftMsPer1kUncached(), p.tpotMs()));
          }
        } catch (SQLException e) {
          throw new IllegalStateException("reading the calibration replay's outcomes: " + e.getMessage(), e);
        }
      } catch (IllegalArgumentException e) {
        throw new UserError(Main.firstLine(e.getMessage()));
      } finally {
        io.replaygate.trace.InFlight.discard(work);
      }
      if (unresolved > 0) {
        o.printf(Locale.US, "skipped %,d requests whose model is not in the catalog: %s%n", unresolved,
            String.join(", ", unknown));
      }
      try {
        CliFiles.replace(out, w -> w.write(yaml.toString()));
      } catch (IOException e) {
        throw new UserError("cannot write " + out + ": " + e.getMessage());
      }
      o.printf("wrote %s (use it with --overrides %s)%n", out, out);
      o.flush();
      return ExitCode.OK;
    }

    private static List<LatencyFit.Observation> observations(Connection db, Path outcomes, String path)
        throws SQLException {
      List<LatencyFit.Observation> obs = new ArrayList<>();
      try (PreparedStatement st = db.prepareStatement("SELECT input_tokens - cache_read_tokens, output_tokens, "
          + "observed_ttft_ms, observed_e2e_ms FROM read_parquet(?) WHERE path = ? AND served_by = ? AND status = 'ok' ORDER BY request_index")) {
        st.setString(1, outcomes.toString());
        st.setString(2, path);
        st.setString(3, path);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            double ttft = rs.getDouble(3);
            Double t = rs.wasNull() ? null : ttft;
            double e2e = rs.getDouble(4);
            Double e = rs.wasNull() ? null : e2e;
            if (t != null || e != null) {
              obs.add(new LatencyFit.Observation(rs.getLong(1), rs.getInt(2), t, e));
            }
          }
        }
      }
      return obs;
    }

    private static String pct(double v) {
      return Double.isNaN(v) ? "-" : String.format(Locale.US, "%.1f%%", 100 * v);
    }
  }

  @Command(name = "cluster", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate calibrate cluster --live runs/live --out steps.csv", "  replaygate calibrate cluster --bench vllm-bench.json --out steps.csv \\", "      --json"}, description = {
      "Fit the BYOC step-time model (seconds per step = c0 + c1 x prefill tokens + c2 x prefill attention + c3 x "
          + "decoding sequences + c4 x decode context) by least squares to what a live run measured: TTFT of requests "
          + "sent alone (prefill) and inter-token gaps with the requests in flight (decode). Reports the error of the "
          + "default model and of the fit (MAPE, p50/p90/p99, bias) for TTFT and ITL, per load band, and flags a "
          + "saturated run; writes the measurements a cluster's step_time: {model: fitted, measurements: FILE} "
          + "names."})
  static final class Cluster implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--live", paramLabel = "RUN-DIR", description = "A run directory with a live path (replay "
        + "--path live:NAME).")
    Path live;

    @Option(names = "--bench", paramLabel = "FILE", description = "Or measurements people already have: vllm bench "
        + "serve --save-result --save-detailed output (per-request input_lens, output_lens, ttfts, itls; start_times, "
        + "or a --max-concurrency 1 run), AIPerf's per-request profile_export.jsonl, or a GuideLLM report "
        + "(guidellm benchmark --output-path benchmarks.json: every benchmark's successful requests); detected.")
    Path bench;

    @Option(names = "--path", paramLabel = "live:NAME", description = "Which live path (default: the first).")
    String path;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "Measurements CSV to write.")
    Path out;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      var d = io.replaygate.replay.byoc.ClusterDefaults.DEPLOYMENT;
      var shape = io.replaygate.replay.byoc.ClusterPathSimulator.shape(d,
          io.replaygate.replay.byoc.spec.ModelTable.bundled(), io.replaygate.costmodel.catalog.GpuCatalog.bundled());
      var before = d.step().model().create(shape, d.step());
      if ((live == null) == (bench == null)) {
        throw new UserError("give one of --live RUN-DIR or --bench FILE");
      }
      io.replaygate.replay.calibrate.LiveCalibration.Result r;
      try {
        r = live != null ? io.replaygate.replay.calibrate.LiveCalibration.calibrate(live, path, before)
            : io.replaygate.replay.calibrate.LiveCalibration.fromBench(bench, before);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      io.replaygate.replay.calibrate.LiveCalibration.writeMeasurements(r.steps(), out);
      java.io.PrintWriter w = spec.commandLine().getOut();
      if (json) {
        w.println(CliJson.write(r.report()));
      } else {
        var c = r.report().path("coefficients");
        w.printf(java.util.Locale.US, "%s: %d prefill and %d decode steps from %d requests%s%n",
            r.report().path("path").asText(), r.report().path("prefill_steps").asLong(),
            r.report().path("decode_steps").asLong(), r.report().path("requests").asLong(),
            r.report().path("saturated").asBoolean() ? " (saturated: " + r.report().path("saturated_note").asText() + ")"
                : "");
        w.printf(java.util.Locale.US, "fitted: %.3f ms + %.2f us/prefill token + %.3g s/attention + %.3f ms/decoding "
            + "sequence + %.3g s/context token (R^2 %.4f)%n", c.path("c0_s").asDouble() * 1e3,
            c.path("prefill_s_per_token").asDouble() * 1e6, c.path("prefill_s_per_attention").asDouble(),
            c.path("decode_s_per_sequence").asDouble() * 1e3, c.path("decode_s_per_context_token").asDouble(),
            c.path("r_squared").asDouble());
        r.report().path("terms_left_out").forEach(t -> w.println("term left out: " + t.asText()));
        r.report().path("measurements_left_out").forEach(m -> w.printf(java.util.Locale.US, "measurement left out "
            + "(an outlier): a %s step%s measured %.1f ms where the fit gives %.1f ms (%+.0f%%)%n",
            m.path("kind").asText(), m.has("prefill_tokens") ? " of " + m.path("prefill_tokens").asLong() + " prompt tokens"
                : " of " + m.path("decoding_sequences").asInt() + " decoding sequences", m.path("measured_ms").asDouble(),
            m.path("fitted_ms").asDouble(), m.path("off_pct").asDouble()));
        w.println("error %          band       n    before: MAPE    p50     p90     p99    bias   after: MAPE    p50"
            + "     p90     p99    bias");
        r.report().path("error_pct").fields().forEachRemaining(band -> {
          for (String kind : new String[] {"ttft", "itl", "e2e"}) {
            var b = band.getValue().path(kind).path("before");
            var a = band.getValue().path(kind).path("after");
            if (b.path("n").asInt() == 0) {
              continue;
            }
            w.printf(java.util.Locale.US, "%-6s %-10s %6d   %12.1f %6.1f %7.1f %7.1f %7.1f  %12.1f %6.1f %7.1f %7.1f "
                + "%7.1f%n", kind, band.getKey(), b.path("n").asInt(), b.path("mape").asDouble(), b.path("p50").asDouble(),
                b.path("p90").asDouble(), b.path("p99").asDouble(), b.path("bias").asDouble(), a.path("mape").asDouble(),
                a.path("p50").asDouble(), a.path("p90").asDouble(), a.path("p99").asDouble(), a.path("bias").asDouble());
          }
        });
        w.printf("wrote %s (a cluster's step_time: {model: fitted, measurements: %s})%n", out, out.getFileName());
      }
      w.flush();
      return ExitCode.OK;
    }
  }
}
