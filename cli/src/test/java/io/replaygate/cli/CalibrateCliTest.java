package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.LatencyParams;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.trace.SharedTraces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** {@code calibrate managed} on the WEKA Claude Code traces (the public traces that carry latencies). */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class CalibrateCliTest {
  @TempDir
  Path tmp;

  @Test
  void wekaTraces_refitTheShippedOpusLatency_andWriteALoadableOverridesFile() throws IOException {
    List<String> args = new ArrayList<>(List.of("calibrate", "managed"));
    try (Stream<Path> s = Files.list(SharedTraces.resolve("weka_claude_code"))) {
      s.map(Path::toString).filter(f -> f.endsWith(".json")).sorted().forEach(args::add);
    }
    Path out = tmp.resolve("latency.yaml");
    args.addAll(List.of("--out", out.toString(), "--price-date", "2026-07-24"));
    CliTest.Result r = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    String opus = r.out().lines().filter(l -> l.startsWith("anthropic/claude-opus-4-5 ")).findFirst().orElseThrow();
    // "... 21.8% → 21.8% ..." for e2e: least squares never does worse than the parameters it starts from.
    String[] e2e = opus.replaceAll(".*?%\\s*→\\s*\\S+%\\s+(\\S+)%\\s*→\\s*(\\S+)%.*", "$1 $2").split(" ");
    assertTrue(Double.parseDouble(e2e[1]) <= Double.parseDouble(e2e[0]), opus);
    PriceCatalog c = CatalogLoader.withOverrides(CatalogLoader.bundled(), out);
    LatencyParams fitted = c.at("anthropic/claude-opus-4-5", LocalDate.of(2026, 7, 24)).latency();
    // The bundled Opus 4.5 latency is this calibration's result (models.yaml says so): a fresh run reproduces it.
    LatencyParams shipped = CatalogLoader.bundled().at("anthropic/claude-opus-4-5", LocalDate.of(2026, 7, 24)).latency();
    assertEquals(shipped.ttftBaseMs(), fitted.ttftBaseMs(), 0.01 * shipped.ttftBaseMs());
    assertEquals(shipped.ttftMsPer1kUncached(), fitted.ttftMsPer1kUncached(), 0.02 * shipped.ttftMsPer1kUncached());
    assertEquals(shipped.tpotMs(), fitted.tpotMs(), 0.01 * shipped.tpotMs());
    // Prices are inherited from the bundled entry: only the latency moved.
    assertEquals(0, CatalogLoader.bundled().at("anthropic/claude-opus-4-5", LocalDate.of(2026, 7, 24)).prices().input()
        .compareTo(c.at("anthropic/claude-opus-4-5", LocalDate.of(2026, 7, 24)).prices().input()));
  }

  @Test
  void traceWithoutLatencies_isOneLineExit2_andWritesNothing() {
    Path out = tmp.resolve("none.yaml");
    CliTest.Result r = CliTest.run("calibrate", "managed", SharedTraces.resolve("mooncake/conversation_trace.jsonl")
        .toString(), "--out", out.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("replaygate: no request with observed latencies"), r.err());
    assertTrue(Files.notExists(out));
  }
}
