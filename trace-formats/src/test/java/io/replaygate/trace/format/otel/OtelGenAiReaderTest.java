package io.replaygate.trace.format.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.Fixture;
import io.replaygate.trace.Privacy;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.FormatDetector;
import io.replaygate.trace.format.TraceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OTLP JSON with GenAI spans, from a fixture written by hand from the OTLP JSON encoding and the GenAI semantic
 * conventions (current attributes and the older event form): which spans are calls, every mapped attribute,
 * start order across exports, sessions and tenants, prompt capture in both forms, located errors that never
 * quote the file, and no prompt in any output.
 */
class OtelGenAiReaderTest {
  @TempDir
  Path tmp;

  static List<TraceRecord> fixture() {
    return Traces.readAll(Fixture.OTEL.open());
  }

  @Test
  void detect_otlpJson_asOtel() {
    assertEquals(TraceFormat.OTEL, FormatDetector.detect(Fixture.OTEL.paths().get(0)));
  }

  @Test
  void onlyInferenceSpans_becomeRequests_inStartOrderAcrossExports() {
    // 7 spans: an agent, a tool and an embeddings span are not model calls; the second export's rate-limited call
    // started 30 s before the first export's chat spans.
    List<TraceRecord> r = fixture();
    assertEquals(List.of("b000000000000001", "chatcmpl-1", "chatcmpl-2", "b000000000000003"),
        r.stream().map(TraceRecord::requestId).toList());
    assertEquals(1_772_449_170_000_000L, r.get(0).arrivalUs());
  }

  @Test
  void currentConventions_mapEveryAttribute() {
    TraceRecord first = fixture().get(1);
    assertEquals("checkout-api", first.tenant(), "the resource's service.name");
    assertEquals("conv-1", first.sessionId(), "gen_ai.conversation.id");
    assertEquals("openai/gpt-5", first.modelPath(), "provider / the requested model");
    assertEquals("gpt-5-2025-08-07", first.model(), "the response model");
    assertEquals(1850, first.inputTokens(), "intValue as an OTLP JSON string");
    assertEquals(40, first.outputTokens());
    assertEquals(0, first.cachedTokens());
    assertEquals(1500f, first.e2eMs(), 1e-3f);
    assertNull(first.ttftMs());
    TraceRecord second = fixture().get(2);
    assertEquals(1792, second.cachedTokens(), "gen_ai.usage.cache_read.input_tokens");
    // The second turn holds the first (system instructions, tools, the first message), then the tool call.
    long[] a = first.blockHashes();
    long[] b = second.blockHashes();
    int common = 0;
    while (common < Math.min(a.length, b.length) && a[common] == b[common]) {
      common++;
    }
    assertTrue(common >= a.length - 1 && b.length > a.length, common + " of " + a.length + " / " + b.length);
  }

  @Test
  void olderConventions_eventsSystemNames_andErrors() {
    List<TraceRecord> r = fixture();
    TraceRecord limited = r.get(0);
    assertEquals("rate_limited", limited.status(), "status code 2 with error.type 429");
    assertEquals("anthropic/claude-sonnet-4-5", limited.modelPath(), "gen_ai.system");
    assertTrue(limited.blockHashes() != null && limited.inputTokens() > 0,
        "the event-form prompt is hashed and counted when the failed call logged no usage");
    assertEquals(trace2(), limited.sessionId(), "no conversation id: the trace id");
    TraceRecord bedrock = r.get(3);
    assertEquals("bedrock", bedrock.provider(), "aws.bedrock");
    assertEquals(2048, bedrock.cachedTokens(), "the older cache_read_input_tokens");
    assertEquals(200, bedrock.cacheWriteTokens());
    assertEquals(2400, bedrock.inputTokens(), "intValue as a JSON number");
    assertNull(bedrock.blockHashes(), "no captured prompt: no block hashes");
  }

  private static String trace2() {
    return "0af7651916cd43dd8448eb211c80319c";
  }

  @Test
  void promptText_reachesNoOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.OTEL, tmp, List.of("SECRET-PROMPT-TEXT", "checkout assistant",
        "paperback thrillers", "shipped on March 1"));
  }

  @Test
  void badInput_isLocated_andNeverQuotesTheFile() throws IOException {
    String good = Files.readAllLines(Fixture.OTEL.paths().get(0)).get(1);
    TraceInputException e = problem(good.replace("{\"intValue\": 2400}", "{\"intValue\": \"lots\"}"));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("spans[2].attributes"
        + ".gen_ai.usage.input_tokens"), e.getMessage());
    e = problem(good.replace("\"startTimeUnixNano\": \"1772449210000000000\"", "\"startTimeUnixNano\": \"17\""));
    assertTrue(e.getMessage().contains("spans[2].startTimeUnixNano") && e.getMessage().contains("out of range"),
        e.getMessage());
    e = problem(good.replace("{\"key\": \"gen_ai.request.model\", \"value\": {\"stringValue\": "
        + "\"anthropic.claude-sonnet-4-5-20250929-v1:0\"}}, ", ""));
    assertTrue(e.getMessage().contains("gen_ai.request.model") && e.getMessage().contains("missing"), e.getMessage());
    e = problem("{\"resourceSpans\": [SECRET-PROMPT-TEXT]}");
    assertTrue(e.getMessage().contains("malformed JSON at column"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    e = problem("{\"resourceSpans\": 3}");
    assertTrue(e.getMessage().contains("resourceSpans"), e.getMessage());
    // Found by fuzzing (otel/crash-e74e…): a mapping where the lists are, once a NullPointerException.
    e = problem("{\"resourceSpans\": [{\"scopeSpans\": {\"stringValue\": \"conv-1\"}}]}");
    assertTrue(e.getMessage().contains("resourceSpans[0].scopeSpans") && e.getMessage().contains("expected an array"),
        e.getMessage());
    e = problem("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": {\"a\": 1}}]}]}");
    assertTrue(e.getMessage().contains("resourceSpans[0].scopeSpans[0].spans"), e.getMessage());
  }

  private TraceInputException problem(String content) throws IOException {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, content + "\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.OTEL.open(List.of(f), Fixture.OTEL.options())));
    assertTrue(e.getMessage().contains("bad.jsonl"), e.getMessage());
    return e;
  }
}
