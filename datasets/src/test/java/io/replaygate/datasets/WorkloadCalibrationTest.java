package io.replaygate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.SharedTraces;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The generators against the real traces they are calibrated on. Each comparison prints the quantiles
 * side by side with the two-sample Kolmogorov–Smirnov statistic D (commons-statistics) and holds D under
 * a stated bound: 0.10 for per-request figures (thousands of real values), 0.20 for requests per session
 * (42 real sessions: the 1% critical value for n = 42 against a large sample is 1.63/√42 ≈ 0.25).
 */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class WorkloadCalibrationTest {
  static final double PER_REQUEST_BOUND = 0.10;
  static final double PER_SESSION_BOUND = 0.20;
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @Test
  void codingAgent_matchesTheWekaClaudeCodeSessions() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SharedTraces.resolve("weka_claude_code"))) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
    }
    TraceStats real;
    try (TraceReader r = TraceSources.open(files, TraceFormat.WEKA, ReadOptions.DEFAULTS)) {
      real = TraceStats.of(r, id -> true);
    }
    // 48 h at 0.6 requests/s (~100k requests, ~1,200 sessions); sessions are counted when their first
    // request falls in the first 24 h, so nearly all of them end inside the span. Large blocks keep the
    // hashing cheap: the figures compared do not depend on the block size.
    GenerationSpec spec = new GenerationSpec(48.0, null, 0.6, 7, START, ZoneId.of("UTC"), 4096);
    Set<String> early = new HashSet<>();
    long half = spec.startUs() + 24 * 3_600_000_000L;
    TraceStats gen;
    try (TraceReader r = Workloads.open("coding-agent", spec, Map.of())) {
      gen = TraceStats.of(new Peek(r, rec -> {
        if (rec.requestId().endsWith("-0") && rec.arrivalUs() < half && !rec.sessionId().contains("/")) {
          early.add(rec.sessionId());
        }
      }), early::contains);
    }
    System.out.printf(Locale.US, "coding-agent vs WEKA: %d / %d requests; sub-agent share %.4f / %.4f%n",
        real.requests, gen.requests, real.subagentShare(), gen.subagentShare());
    double input = TraceStats.compare("input tokens", real.input, gen.input);
    double output = TraceStats.compare("output tokens", real.output, gen.output);
    double gap = TraceStats.compare("gap s", real.gapsS, gen.gapsS);
    double growth = TraceStats.compare("growth per turn", real.growth, gen.growth);
    double turns = TraceStats.compare("requests per session", real.turns, gen.turns);
    assertTrue(input <= PER_REQUEST_BOUND, "input D " + input);
    assertTrue(output <= PER_REQUEST_BOUND, "output D " + output);
    assertTrue(gap <= PER_REQUEST_BOUND, "gap D " + gap);
    assertTrue(growth <= PER_REQUEST_BOUND, "growth D " + growth);
    assertTrue(turns <= PER_SESSION_BOUND, "turns D " + turns);
    // Sub-agents: 3.7% of the WEKA requests (121 of 3,256); held within 1.5 percentage points.
    assertEquals(real.subagentShare(), gen.subagentShare(), 0.015);
  }

  @Test
  void chat_matchesTheMooncakeConversationTrace_andAzureOutputs() {
    Path mooncake = SharedTraces.resolve("mooncake/conversation_trace.jsonl");
    List<Double> realIn = new ArrayList<>();
    List<Double> realOut = new ArrayList<>();
    double realCeiling;
    try (TraceReader r = TraceSources.open(mooncake, ReadOptions.DEFAULTS)) {
      realCeiling = ceiling(r, 512, realIn, realOut);
    }
    List<Double> genIn = new ArrayList<>();
    List<Double> genOut = new ArrayList<>();
    double genCeiling;
    // Block size 512 as in Mooncake, so the two ceilings are measured at the same granularity.
    GenerationSpec spec = new GenerationSpec(null, 60_000L, 2.0, 7, START, ZoneId.of("UTC"), 512);
    try (TraceReader r = Workloads.open("chat", spec, Map.of())) {
      genCeiling = ceiling(r, 512, genIn, genOut);
    }
    System.out.printf(Locale.US, "chat vs Mooncake: reuse ceiling %.3f / %.3f%n", realCeiling, genCeiling);
    assertTrue(TraceStats.compare("chat input tokens", realIn, genIn) <= PER_REQUEST_BOUND);
    assertTrue(TraceStats.compare("chat output tokens", realOut, genOut) <= 0.03, "drawn from Mooncake's percentiles");
    assertEquals(realCeiling, genCeiling, 0.04);
    // Azure 2023 conversation outputs (no prefix ids there): the same order of magnitude, stated not fitted.
    List<Double> azureOut = new ArrayList<>();
    try (TraceReader r = TraceSources.open(SharedTraces.resolve("azure_llm_2023/AzureLLMInferenceTrace_conv.csv"),
        ReadOptions.DEFAULTS)) {
      while (r.hasNext()) {
        azureOut.add((double) r.next().outputTokens());
      }
    }
    double d = TraceStats.compare("chat output vs Azure", azureOut, genOut);
    assertTrue(d <= 0.45, "Azure conversation outputs are shorter (median 129) than Mooncake's (350): D = " + d);
  }

  /** Reuse ceiling of a trace, collecting its input and output lengths on the way. */
  static double ceiling(TraceReader r, int blockTokens, List<Double> in, List<Double> out) {
    TraceStats.Ceiling c = new TraceStats.Ceiling(blockTokens);
    while (r.hasNext()) {
      TraceRecord rec = r.next();
      in.add((double) rec.inputTokens());
      out.add((double) rec.outputTokens());
      c.add(rec);
    }
    return c.ratio();
  }

  /** A reader that shows each record to a consumer on its way through. */
  static final class Peek implements TraceReader {
    private final TraceReader in;
    private final java.util.function.Consumer<TraceRecord> seen;

    Peek(TraceReader in, java.util.function.Consumer<TraceRecord> seen) {
      this.in = in;
      this.seen = seen;
    }

    @Override
    public io.replaygate.trace.TraceMetadata metadata() {
      return in.metadata();
    }

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public TraceRecord next() {
      TraceRecord r = in.next();
      seen.accept(r);
      return r;
    }

    @Override
    public String location() {
      return in.location();
    }

    @Override
    public void close() {
      in.close();
    }
  }

}
