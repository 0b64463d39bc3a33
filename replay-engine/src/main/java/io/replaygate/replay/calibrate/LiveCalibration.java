package io.replaygate.replay.calibrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.replay.byoc.step.FittedStepTime;
import io.replaygate.replay.byoc.step.StepTimeModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Closes the loop: fits the step-time model to what a live run measured ({@code calibrate cluster --live}). From each
 * served request of the live path ({@code outcomes.parquet}, and the run's speedup from {@code summary.json}):
 * <ul>
 *   <li>a <b>prefill step</b> when no other request was in flight during its prefill: its uncached prompt tokens
 *       (and their attention span) took TTFT − send lag;</li>
 *   <li>a <b>decode step</b> for every request of two or more output tokens: its mean inter-token gap (TPOT), with as
 *       many decoding sequences as requests were in flight at the middle of its decode, each with its context.</li>
 * </ul>
 * A TTFT also carries the request's way in and out (network, parsing, the first chunk): that overhead is fitted as
 * a term of the prefill measurements only, reported, and taken off them. The steps are then fitted by
 * {@link FittedStepTime} (ordinary least squares, commons-math3; a term the data cannot tell from another, |r| over
 * 0.95, is left out and named) and written as its measurements
 * CSV, which a cluster's {@code step_time: {model: fitted, measurements: FILE}} names. A measurement far off the fit
 * (over 25% and over 5 robust standard deviations of its kind: a pause, a cold connection) is left out, worst first,
 * up to a quarter of each kind, and the rest fitted again; each one left out is reported with its measured and fitted
 * time, and the CSV holds only the measurements the fit kept. Error of a model against the
 * measurements — MAPE, p50/p90/p99 of the absolute percentage error, and bias (mean signed) — is reported for TTFT
 * (prefill steps) and ITL (decode steps), before (the model given) and after (the fit), over all and per load band
 * (in-flight requests ÷ the run's max concurrency: under 30%, 30–70%, over 70%). A run whose send lag grew past a
 * second is flagged saturated: its latencies measure the queue, not the model.
 */
public final class LiveCalibration {
  /** One served request of the live path, as measured. */
  record Served(double sendMs, double endMs, long input, long cached, int output, double serviceTtftMs, double tpotMs) {}

  /** The fit and its report. */
  public record Result(FittedStepTime fitted, List<FittedStepTime.Measurement> steps, List<Double> loads,
      ObjectNode report) {}

  private LiveCalibration() {}

  /**
   * Calibrates from a run directory's live path.
   *
   * @param before the model the scenario uses now (for the error before)
   */
  public static Result calibrate(Path runDir, String path, StepTimeModel before) {
    JsonNode summary;
    try {
      summary = new ObjectMapper().readTree(runDir.resolve("summary.json").toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(runDir + ": no readable summary.json (a replay's run directory?)");
    }
    JsonNode live = null;
    String name = path;
    for (JsonNode p : summary.path("paths")) {
      if (p.path("profile").asText().equals("live") && (path == null || p.path("path").asText().equals(path))) {
        live = p;
        name = p.path("path").asText();
        break;
      }
    }
    if (live == null) {
      throw new IllegalArgumentException(runDir + ": no live path" + (path == null ? "" : " named " + path)
          + " in this run (replay --path live:NAME first)");
    }
    double speedup = live.path("live").path("speedup").asDouble(1);
    int concurrency = live.path("live").path("max_concurrency").asInt(1);
    List<Served> served = served(runDir, name, speedup);
    return fit(name, served, concurrency, live.path("live").path("send_lag_ms").path("max").asDouble(0), before);
  }

  /**
   * Calibrates from a benchmark's per-request results, whichever tool wrote them: AIPerf's
   * {@code profile_export.jsonl} (a {@code .jsonl} file), a GuideLLM report (a JSON object with {@code benchmarks}),
   * else {@code vllm bench serve}'s result.
   */
  public static Result fromBench(Path file, StepTimeModel before) {
    if (file.getFileName().toString().endsWith(".jsonl")) {
      return fromAiperf(file, before);
    }
    boolean guidellm;
    try (var p = new com.fasterxml.jackson.core.JsonFactory().createParser(file.toFile())) {
      guidellm = false;
      if (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
        while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          if (p.currentName().equals("benchmarks")) {
            guidellm = true;
            break;
          }
          p.nextToken();
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not readable JSON");
    }
    return guidellm ? fromGuidellm(file, before) : fromVllmBench(file, before);
  }

  /**
   * Calibrates from {@code vllm bench serve --save-result --save-detailed} output: its per-request
   * {@code input_lens}, {@code output_lens}, {@code ttfts} and {@code itls} (seconds), with {@code start_times} when
   * the version records them (else the run must have used {@code --max-concurrency 1}, so requests ran one after
   * another). Prompts are taken as uncached (the result does not say what the server's cache held).
   */
  public static Result fromVllmBench(Path file, StepTimeModel before) {
    JsonNode r = json(file);
    JsonNode in = r.path("input_lens");
    JsonNode out = r.path("output_lens");
    JsonNode ttfts = r.path("ttfts");
    JsonNode itls = r.path("itls");
    if (!in.isArray() || !out.isArray() || !ttfts.isArray() || !itls.isArray() || in.size() != ttfts.size()
        || out.size() != ttfts.size() || itls.size() != ttfts.size()) {
      throw new IllegalArgumentException(file + ": expected vllm bench serve's per-request input_lens, output_lens, "
          + "ttfts and itls of equal lengths (--save-result --save-detailed)");
    }
    JsonNode starts = r.path("start_times");
    int concurrency = r.path("max_concurrency").isNumber() ? r.path("max_concurrency").asInt() : 0;
    if (!starts.isArray() && concurrency != 1) {
      throw new IllegalArgumentException(file + ": without start_times the requests' overlap is unknown: use a run "
          + "with --max-concurrency 1, or a vLLM version that saves start_times");
    }
    List<Served> served = new ArrayList<>();
    double clock = 0;
    double first = starts.isArray() && starts.size() > 0 ? starts.get(0).asDouble() : 0;
    for (int i = 0; i < ttfts.size(); i++) {
      if (r.path("errors").path(i).isTextual() && !r.path("errors").path(i).asText().isEmpty()) {
        continue;
      }
      double ttft = ttfts.get(i).asDouble() * 1e3;
      double decode = 0;
      for (JsonNode gap : itls.get(i)) {
        decode += gap.asDouble() * 1e3;
      }
      int gaps = itls.get(i).size();
      double send = starts.isArray() ? (starts.get(i).asDouble() - first) * 1e3 : clock;
      double end = send + ttft + decode;
      clock = end + 1e-3;
      served.add(new Served(send, end, in.get(i).asLong(), 0, out.get(i).asInt(), ttft, gaps > 0 ? decode / gaps : 0));
    }
    return fit(file.getFileName().toString(), served, concurrency > 0 ? concurrency : maxInFlight(served), 0, before);
  }

  /**
   * Calibrates from an AIPerf {@code profile_export.jsonl}: one record per request, {@code metadata}
   * ({@code request_start_ns}, {@code request_end_ns}) and {@code metrics} ({@code input_sequence_length},
   * {@code time_to_first_token} and {@code inter_token_latency} in ms, {@code output_sequence_length}); failed
   * records ({@code error} set) are passed over. Prompts are taken as uncached.
   */
  public static Result fromAiperf(Path file, StepTimeModel before) {
    List<Served> served = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    long first = Long.MAX_VALUE;
    List<JsonNode> records = new ArrayList<>();
    try {
      int line = 0;
      for (String text : Files.readAllLines(file)) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        JsonNode r;
        try {
          r = json.readTree(text);
        } catch (IOException e) {
          throw new IllegalArgumentException(file + ": line " + line + ": not JSON");
        }
        if (r.hasNonNull("error") || !r.path("metrics").path("time_to_first_token").path("value").isNumber()) {
          continue;
        }
        if (!r.path("metadata").path("request_start_ns").isIntegralNumber()) {
          throw new IllegalArgumentException(file + ": line " + line + ": metadata.request_start_ns missing");
        }
        first = Math.min(first, r.path("metadata").path("request_start_ns").asLong());
        records.add(r);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": unreadable");
    }
    for (JsonNode r : records) {
      JsonNode m = r.path("metrics");
      double send = (r.path("metadata").path("request_start_ns").asLong() - first) / 1e6;
      double end = (r.path("metadata").path("request_end_ns").asLong(0) - first) / 1e6;
      served.add(new Served(send, Math.max(send, end), m.path("input_sequence_length").path("value").asLong(), 0,
          m.path("output_sequence_length").path("value").asInt(m.path("output_token_count").path("value").asInt(0)),
          m.path("time_to_first_token").path("value").asDouble(), m.path("inter_token_latency").path("value")
              .asDouble(0)));
    }
    return fit(file.getFileName().toString(), served, maxInFlight(served), 0, before);
  }

  /**
   * Calibrates from a GuideLLM report ({@code guidellm benchmark --output-path benchmarks.json}): every
   * benchmark's {@code requests.successful}, each a {@code GenerativeRequestStats} as GuideLLM serialises it,
   * computed fields included. Read by the fields both schema generations write — {@code prompt_tokens},
   * {@code output_tokens}, {@code time_to_first_token_ms}, {@code inter_token_latency_ms} and
   * {@code request_latency} (seconds) — and the start, epoch seconds: {@code request_start_time} or
   * {@code info.timings.request_start} (0.4 and later), {@code scheduler_info.request_timings.request_start}
   * (0.3), {@code start_time} (0.2). Incomplete and errored requests are passed over. Prompts are taken as uncached.
   */
  public static Result fromGuidellm(Path file, StepTimeModel before) {
    JsonNode r = json(file);
    if (!r.path("benchmarks").isArray()) {
      throw new IllegalArgumentException(file + ": expected GuideLLM's report: an object with benchmarks");
    }
    List<double[]> rows = new ArrayList<>(); // start s, latency s, prompt, output, ttft ms, itl ms
    int index = 0;
    for (JsonNode b : r.path("benchmarks")) {
      for (JsonNode q : b.path("requests").path("successful")) {
        String at = "benchmarks[" + index + "].requests.successful";
        double start = firstNumber(q, "request_start_time", "info.timings.request_start",
            "scheduler_info.request_timings.request_start", "start_time");
        if (Double.isNaN(start) || !q.path("request_latency").isNumber() || !q.path("prompt_tokens").isNumber()
            || !q.path("output_tokens").isNumber() || !q.path("time_to_first_token_ms").isNumber()) {
          throw new IllegalArgumentException(file + ": " + at + ": a request without its start, request_latency, "
              + "prompt_tokens, output_tokens or time_to_first_token_ms (not a GuideLLM report?)");
        }
        rows.add(new double[] {start, q.path("request_latency").asDouble(), q.path("prompt_tokens").asDouble(),
            q.path("output_tokens").asDouble(), q.path("time_to_first_token_ms").asDouble(),
            q.path("inter_token_latency_ms").asDouble(0)});
      }
      index++;
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(file + ": no successful request in any benchmark");
    }
    double first = rows.stream().mapToDouble(x -> x[0]).min().orElse(0);
    List<Served> served = new ArrayList<>();
    for (double[] x : rows) {
      double send = (x[0] - first) * 1e3;
      served.add(new Served(send, send + x[1] * 1e3, (long) x[2], 0, (int) x[3], x[4], x[5]));
    }
    return fit(file.getFileName().toString(), served, maxInFlight(served), 0, before);
  }

  /** A benchmark's result file as one JSON document. */
  private static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not readable JSON");
    }
  }

  /** The first of these dotted paths that holds a number, or NaN. */
  private static double firstNumber(JsonNode n, String... paths) {
    for (String path : paths) {
      JsonNode v = n;
      for (String part : path.split("\\.")) {
        v = v.path(part);
      }
      if (v.isNumber()) {
        return v.asDouble();
      }
    }
    return Double.NaN;
  }

  /** A run's concurrency when it did not record one: the most requests in flight at any send instant, at least 1. */
  private static int maxInFlight(List<Served> served) {
    int most = 1;
    for (Served a : served) {
      most = Math.max(most, (int) served.stream().filter(b -> b.sendMs() <= a.sendMs() && b.endMs() >= a.sendMs())
          .count());
    }
    return most;
  }

  private static Result fit(String name, List<Served> served, int concurrency, double lagMax, StepTimeModel before) {
    List<FittedStepTime.Measurement> steps = new ArrayList<>();
    List<Double> loads = new ArrayList<>();
    for (Served s : served) {
      if (s.serviceTtftMs() > 0 && alone(served, s)) {
        long uncached = s.input() - s.cached();
        steps.add(new FittedStepTime.Measurement(uncached, StepTimeModel.attention(s.cached(), uncached), 0, 0,
            s.serviceTtftMs() / 1e3));
        loads.add(1.0 / concurrency);
      }
    }
    for (Served s : served) {
      if (s.output() >= 2 && s.tpotMs() > 0) {
        Decoding d = decodingBeside(served, s);
        steps.add(new FittedStepTime.Measurement(0, 0, d.seqs(), d.context(), s.tpotMs() / 1e3));
        loads.add(d.seqs() / (double) concurrency);
      }
    }
    if (steps.stream().filter(m -> m.prefillTokens() > 0).count() < 3
        || steps.stream().filter(m -> m.decodeSeqs() > 0).count() < 3) {
      throw new IllegalArgumentException("too few clean measurements to fit (" + steps.size() + "): a live run needs "
          + "requests sent alone (prefill) and requests of two or more output tokens (decode)");
    }
    // A term the data cannot tell from another (|r| > 0.95, a variance inflation over 10) is left out, and said so:
    // fitted together they trade against each other and neither means anything.
    boolean[] excluded = new boolean[4];
    List<String> leftOut = new ArrayList<>();
    List<FittedStepTime.Measurement> prefills = steps.stream().filter(m -> m.prefillTokens() > 0).toList();
    List<FittedStepTime.Measurement> decodes = steps.stream().filter(m -> m.decodeSeqs() > 0).toList();
    double rp = correlation(prefills.stream().mapToDouble(FittedStepTime.Measurement::prefillTokens).toArray(),
        prefills.stream().mapToDouble(FittedStepTime.Measurement::prefillAttention).toArray());
    if (!(Math.abs(rp) <= 0.95)) {
      excluded[1] = true;
      leftOut.add(String.format(Locale.US, "prefill attention (r = %.3f with prefill tokens: send prompts with cached "
          + "prefixes of several lengths to separate them)", rp));
    }
    double[] seqs = decodes.stream().mapToDouble(FittedStepTime.Measurement::decodeSeqs).toArray();
    if (java.util.Arrays.stream(seqs).distinct().count() < 2) {
      excluded[2] = true;
      leftOut.add("decoding sequences (always " + (seqs.length == 0 ? 0 : (int) seqs[0]) + " in this run: a run at "
          + "several concurrencies separates the per-sequence cost from the per-step one)");
    }
    double rd = correlation(seqs, decodes.stream().mapToDouble(FittedStepTime.Measurement::decodeContext).toArray());
    if (!excluded[2] && !(Math.abs(rd) <= 0.95)) {
      excluded[3] = true;
      leftOut.add(String.format(Locale.US, "decode context (r = %.3f with decoding sequences: vary prompt lengths "
          + "within a batch to separate them)", rd));
    }
    Fit fit = fitOnce(steps, excluded);
    // A measurement far off the fit (a pause, a cold connection, a neighbour's burst) is left out, worst first, and
    // the rest fitted again: least squares would otherwise bend every term towards it.
    List<FittedStepTime.Measurement> outliers = new ArrayList<>();
    int[] mayLose = {prefills.size() / 4, decodes.size() / 4};
    for (int worst; (worst = outlier(steps, fit, mayLose)) >= 0; fit = fitOnce(steps, excluded)) {
      outliers.add(steps.remove(worst));
      loads.remove(worst);
      mayLose[outliers.getLast().prefillTokens() > 0 ? 0 : 1]--;
    }
    double overhead = fit.overhead();
    steps = fit.adjusted();
    FittedStepTime fitted = fit.model();
    ObjectNode report = new ObjectMapper().createObjectNode();
    report.put("request_overhead_ms", overhead * 1e3);
    leftOut.forEach(report.putArray("terms_left_out")::add);
    ArrayNode outs = report.putArray("measurements_left_out");
    for (FittedStepTime.Measurement m : outliers) {
      ObjectNode o = outs.addObject().put("kind", m.prefillTokens() > 0 ? "prefill" : "decode");
      if (m.prefillTokens() > 0) {
        o.put("prefill_tokens", m.prefillTokens());
      } else {
        o.put("decoding_sequences", m.decodeSeqs());
      }
      double by = fit.predict(m);
      o.put("measured_ms", m.seconds() * 1e3).put("fitted_ms", by * 1e3);
      if (by > 0) {
        o.put("off_pct", 100 * (m.seconds() - by) / by);
      } else {
        o.putNull("off_pct");
      }
    }
    report.put("path", name).put("requests", served.size()).put("prefill_steps",
        steps.stream().filter(m -> m.prefillTokens() > 0).count()).put("decode_steps",
        steps.stream().filter(m -> m.decodeSeqs() > 0).count());
    report.put("saturated", lagMax > 1000);
    if (lagMax > 1000) {
      report.put("saturated_note", String.format(Locale.US, "sending fell %.0f ms behind schedule: the latencies "
          + "measure the queue, not the model", lagMax));
    }
    double[] c = fitted.coefficients();
    report.putObject("coefficients").put("c0_s", c[0]).put("prefill_s_per_token", c[1])
        .put("prefill_s_per_attention", c[2]).put("decode_s_per_sequence", c[3]).put("decode_s_per_context_token", c[4])
        .put("r_squared", fitted.rSquared());
    ObjectNode errors = report.putObject("error_pct");
    List<double[]> e2e = endToEnd(served, concurrency, before, fitted, overhead);
    for (String band : new String[] {"all", "under_30", "30_to_70", "over_70"}) {
      ObjectNode b = errors.putObject(band);
      for (boolean prefill : new boolean[] {true, false}) {
        ObjectNode kind = b.putObject(prefill ? "ttft" : "itl");
        List<Double> before1 = new ArrayList<>();
        List<Double> after1 = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          FittedStepTime.Measurement m = steps.get(i);
          if (inBand(loads.get(i), band) && (m.prefillTokens() > 0) == prefill) {
            before1.add(signedPct(predict(before, m), m.seconds()));
            after1.add(signedPct(predict(fitted, m), m.seconds()));
          }
        }
        error(kind.putObject("before"), before1);
        error(kind.putObject("after"), after1);
      }
      ObjectNode kind = b.putObject("e2e");
      error(kind.putObject("before"), e2e.stream().filter(x -> inBand(x[3], band)).map(x -> signedPct(x[0], x[2]))
          .toList());
      error(kind.putObject("after"), e2e.stream().filter(x -> inBand(x[3], band)).map(x -> signedPct(x[1], x[2]))
          .toList());
    }
    return new Result(fitted, steps, loads, report);
  }

  /**
   * A fit of the step model to measured steps: the request's own way in and out ({@code overhead} s, a term of the
   * prefill measurements alone), the measurements with it taken off the prefills ({@code adjusted}), and the model.
   */
  private record Fit(double overhead, List<FittedStepTime.Measurement> adjusted, FittedStepTime model) {
    /** What the fit says a measurement took, as measured: a prefill's TTFT carries the overhead. */
    double predict(FittedStepTime.Measurement m) {
      return LiveCalibration.predict(model, m) + (m.prefillTokens() > 0 ? overhead : 0);
    }
  }

  private static Fit fitOnce(List<FittedStepTime.Measurement> steps, boolean[] excluded) {
    // A TTFT is a prefill step plus the request's own way in and out (network, parsing, the first chunk), which no
    // decode gap carries: fitted as a term of the prefill measurements alone, then taken off them, so the step model
    // keeps one per-step overhead for both kinds of step.
    double overhead = requestOverhead(steps, excluded);
    List<FittedStepTime.Measurement> adjusted = steps.stream().map(m -> m.prefillTokens() == 0 ? m
        : new FittedStepTime.Measurement(m.prefillTokens(), m.prefillAttention(), 0, 0,
            Math.max(1e-6, m.seconds() - overhead))).toList();
    return new Fit(overhead, adjusted, FittedStepTime.fit(adjusted, excluded));
  }

  /** An outlier is off its fitted time by more than this share of it... */
  static final double OUTLIER_OFF = 0.25;

  /** ...and by more than this many robust standard deviations (1.4826 × MAD) of its kind's relative residuals. */
  static final double OUTLIER_SIGMAS = 5;

  /**
   * The measurement furthest off the fit (relative to its fitted time) when it is an outlier — off by more than
   * {@link #OUTLIER_OFF} and by more than {@link #OUTLIER_SIGMAS} robust standard deviations of its kind's (prefill or
   * decode) relative residuals — and its kind may lose one more ({@code mayLose}: prefill, decode; a quarter of each
   * kind at first), with at least 3 of each and 8 in all left. Else −1.
   */
  private static int outlier(List<FittedStepTime.Measurement> steps, Fit fit, int[] mayLose) {
    int worst = -1;
    double worstOff = 0;
    for (boolean prefill : new boolean[] {true, false}) {
      List<Integer> kind = new ArrayList<>();
      for (int i = 0; i < steps.size(); i++) {
        if ((steps.get(i).prefillTokens() > 0) == prefill) {
          kind.add(i);
        }
      }
      if (mayLose[prefill ? 0 : 1] == 0 || kind.size() <= 3 || steps.size() <= 8) {
        continue;
      }
      double[] off = kind.stream().mapToDouble(i -> {
        double f = fit.predict(steps.get(i));
        return f > 0 ? (steps.get(i).seconds() - f) / f : 0; // a fit that predicts nothing says nothing of it
      }).toArray();
      var median = new org.apache.commons.math3.stat.descriptive.rank.Median();
      double mid = median.evaluate(off);
      double sigma = 1.4826 * median.evaluate(Arrays.stream(off).map(x -> Math.abs(x - mid)).toArray());
      for (int j = 0; j < off.length; j++) {
        double a = Math.abs(off[j]);
        if (a > OUTLIER_OFF && Math.abs(off[j] - mid) > OUTLIER_SIGMAS * sigma && a > worstOff) {
          worst = kind.get(j);
          worstOff = a;
        }
      }
    }
    return worst;
  }

  /**
   * Each request's end-to-end time as a model predicts it, beside the measured one: its prefill step (its uncached
   * tokens after its cache hits; the fitted model adds the request's own way in and out) and one decode step per
   * further output token at the sequences decoding beside it (the count at the middle of its decode) — the model's
   * time for the request as it was served, queueing for a running slot or the prefill lane aside. Rows: predicted by
   * {@code before} s, by {@code after} s, measured s, load (decoding sequences ÷ the run's concurrency).
   */
  private static List<double[]> endToEnd(List<Served> served, int concurrency, StepTimeModel before,
      StepTimeModel after, double overheadS) {
    List<double[]> rows = new ArrayList<>();
    for (Served s : served) {
      if (s.output() < 1 || !(s.endMs() > s.sendMs())) {
        continue;
      }
      long uncached = s.input() - s.cached();
      double attention = StepTimeModel.attention(s.cached(), uncached);
      Decoding d = s.output() >= 2 ? decodingBeside(served, s) : new Decoding(1, s.input());
      int seqs = d.seqs();
      long context = d.context();
      double[] predicted = new double[2];
      StepTimeModel[] models = {before, after};
      for (int k = 0; k < 2; k++) {
        predicted[k] = models[k].stepSeconds(uncached, attention, 0, 0) + (k == 1 ? overheadS : 0)
            + (s.output() - 1) * models[k].stepSeconds(0, 0, seqs, context);
      }
      rows.add(new double[] {predicted[0], predicted[1], (s.endMs() - s.sendMs()) / 1e3,
          seqs / (double) Math.max(1, concurrency)});
    }
    return rows;
  }

  /** The sequences decoding, and their context, at the middle of a request's decode. */
  private record Decoding(int seqs, long context) {}

  /**
   * The requests in flight at the middle of {@code s}'s decode (at least itself), and their context (prompt plus half
   * the output each): what a decode step then reads.
   */
  private static Decoding decodingBeside(List<Served> served, Served s) {
    double mid = (s.sendMs() + s.serviceTtftMs() + s.endMs()) / 2;
    int seqs = 0;
    long context = 0;
    for (Served o : served) {
      if (o.sendMs() <= mid && o.endMs() >= mid) {
        seqs++;
        context += o.input() + o.output() / 2;
      }
    }
    return new Decoding(Math.max(1, seqs), context);
  }

  private static boolean inBand(double load, String band) {
    return switch (band) {
      case "under_30" -> load < 0.3;
      case "30_to_70" -> load >= 0.3 && load <= 0.7;
      case "over_70" -> load > 0.7;
      default -> true;
    };
  }

  private static double predict(StepTimeModel model, FittedStepTime.Measurement m) {
    return model.stepSeconds(m.prefillTokens(), m.prefillAttention(), m.decodeSeqs(), m.decodeContext());
  }

  private static double signedPct(double predicted, double measured) {
    return 100 * (predicted - measured) / measured;
  }

  /** Absolute percentage errors' mean (MAPE) and percentiles, and the signed mean (bias), of {@code signed}. */
  private static void error(ObjectNode out, List<Double> signed) {
    out.put("n", signed.size());
    if (signed.isEmpty()) {
      return;
    }
    double[] abs = signed.stream().mapToDouble(Math::abs).sorted().toArray();
    out.put("mape", Arrays.stream(abs).average().orElse(0)).put("p50", pct(abs, 50)).put("p90", pct(abs, 90))
        .put("p99", pct(abs, 99)).put("bias", signed.stream().mapToDouble(Double::doubleValue).average().orElse(0));
  }

  /** The prefill measurements' own intercept beyond the step model's, by least squares over every measurement. */
  private static double requestOverhead(List<FittedStepTime.Measurement> steps, boolean[] excluded) {
    double[] y = new double[steps.size()];
    double[][] x = new double[steps.size()][];
    for (int i = 0; i < steps.size(); i++) {
      FittedStepTime.Measurement m = steps.get(i);
      y[i] = m.seconds();
      double[] all = {m.prefillTokens(), m.prefillAttention(), m.decodeSeqs(), m.decodeContext()};
      List<Double> row = new ArrayList<>();
      row.add(m.prefillTokens() > 0 ? 1.0 : 0.0);
      for (int j = 0; j < 4; j++) {
        if (!excluded[j]) {
          row.add(all[j]);
        }
      }
      x[i] = row.stream().mapToDouble(Double::doubleValue).toArray();
    }
    var ols = new org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    try {
      return Math.max(0, ols.estimateRegressionParameters()[1]);
    } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
      return 0;
    }
  }

  /** Pearson's r (NaN when a column does not vary). */
  static double correlation(double[] a, double[] b) {
    return a.length < 3 ? Double.NaN : new org.apache.commons.math3.stat.correlation.PearsonsCorrelation()
        .correlation(a, b);
  }

  private static double pct(double[] sorted, double p) {
    int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Whether no other request was in flight at any time during {@code s}'s prefill (its send to its first token). */
  private static boolean alone(List<Served> all, Served s) {
    double to = s.sendMs() + s.serviceTtftMs();
    for (Served o : all) {
      if (o != s && o.sendMs() < to && o.endMs() > s.sendMs()) {
        return false;
      }
    }
    return true;
  }

  /** The live path's served requests, on one clock: ms since the first intended send. */
  private static List<Served> served(Path runDir, String path, double speedup) {
    List<Served> out = new ArrayList<>();
    String sql = "SELECT arrival_us, input_tokens, cache_read_tokens, output_tokens, queue_delay_ms, ttft_ms, tpot_ms, "
        + "e2e_ms FROM read_parquet(?) WHERE path = ? AND status = 'ok' ORDER BY request_index";
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, runDir.resolve("outcomes.parquet").toString());
      p.setString(2, path);
      try (ResultSet r = p.executeQuery()) {
        long first = Long.MIN_VALUE;
        while (r.next()) {
          first = first == Long.MIN_VALUE ? r.getLong(1) : first;
          double intended = (r.getLong(1) - first) / 1e3 / speedup;
          double lag = r.getDouble(5);
          out.add(new Served(intended + lag, intended + r.getDouble(8), r.getLong(2), r.getLong(3), r.getInt(4),
              r.getDouble(6) - lag, r.getDouble(7)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException(runDir + ": outcomes.parquet cannot be read", e);
    }
    return out;
  }

  /** The fitted model's measurements as the CSV a scenario names ({@link FittedStepTime#HEADER}). */
  public static void writeMeasurements(List<FittedStepTime.Measurement> steps, Path file) {
    StringBuilder b = new StringBuilder(FittedStepTime.HEADER).append('\n');
    for (FittedStepTime.Measurement m : steps) {
      b.append(String.format(Locale.US, "%d,%.1f,%d,%d,%.6f%n", m.prefillTokens(), m.prefillAttention(),
          m.decodeSeqs(), m.decodeContext(), m.seconds() * 1e3));
    }
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".part");
      Files.writeString(tmp, b);
      Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
