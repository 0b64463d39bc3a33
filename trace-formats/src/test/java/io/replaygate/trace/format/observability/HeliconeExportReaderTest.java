package io.replaygate.trace.format.observability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.Fixture;
import io.replaygate.trace.Privacy;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.FormatDetector;
import io.replaygate.trace.format.TraceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Helicone request exports, from a fixture written by hand from the documented {@code HeliconeRequest} row: an API
 * page listed newest first, a row whose bodies Helicone kept elsewhere, a rate-limited call; usage from the
 * provider's own body and, without it, from Helicone's columns (which hold the uncached prompt tokens).
 */
class HeliconeExportReaderTest {
  @TempDir
  Path tmp;

  static List<TraceRecord> fixture() {
    return Traces.readAll(Fixture.HELICONE.open());
  }

  @Test
  void detect_apiPageAndRows_asHelicone() throws IOException {
    assertEquals(TraceFormat.HELICONE, FormatDetector.detect(Fixture.HELICONE.paths().get(0)));
    Path row = tmp.resolve("rows.jsonl");
    Files.writeString(row, Files.readAllLines(Fixture.HELICONE.paths().get(0)).get(1) + "\n");
    assertEquals(TraceFormat.HELICONE, FormatDetector.detect(row));
  }

  @Test
  void rows_areServedInArrivalOrder_whateverTheExportOrder() {
    assertEquals(List.of("6a1e0c2e-0002-4000-8000-000000000002", "6a1e0c2e-0001-4000-8000-000000000001",
        "6a1e0c2e-0003-4000-8000-000000000003", "6a1e0c2e-0004-4000-8000-000000000004"),
        fixture().stream().map(TraceRecord::requestId).toList());
  }

  @Test
  void openAiRow_usesTheProvidersUsage_andHeliconeProperties() {
    TraceRecord r = fixture().get(1);
    assertEquals(1_772_445_605_000_000L, r.arrivalUs(), "2026-03-02T10:00:05Z");
    assertEquals("openai/gpt-4o", r.modelPath(), "provider / the requested model");
    assertEquals("gpt-4o-2024-08-06", r.model(), "the response model");
    assertEquals("openai", r.provider());
    assertEquals("acme", r.tenant(), "request_user_id");
    assertEquals("sess-1", r.sessionId(), "the Helicone-Session-Id property");
    assertEquals(2100, r.inputTokens(), "usage.prompt_tokens, cached ones included");
    assertEquals(1024, r.cachedTokens());
    assertNull(r.cacheWriteTokens(), "OpenAI reports no cache writes");
    assertEquals(50, r.outputTokens());
    assertEquals(420f, r.ttftMs());
    assertEquals(1800f, r.e2eMs());
    assertNotNull(r.blockHashes());
  }

  @Test
  void anthropicRow_addsCacheReadsAndWrites_toThePromptTokens() {
    TraceRecord r = fixture().get(0);
    assertEquals("anthropic/claude-sonnet-4-5", r.modelPath());
    assertEquals(20 + 1800 + 300, r.inputTokens());
    assertEquals(1800, r.cachedTokens());
    assertEquals(300, r.cacheWriteTokens());
    assertEquals(60, r.outputTokens());
    assertNull(r.ttftMs(), "no time to first token recorded");
  }

  @Test
  void sharedSystemPrompt_sharesItsBlocks_acrossProviders() {
    // Both rows open with the same system text, rendered as the same canonical prompt prefix (the Anthropic body's
    // cache_control marker is left out): at 16-token blocks their first blocks are equal.
    List<TraceRecord> r = Traces.readAll(TraceFormat.HELICONE.open(Fixture.HELICONE.paths(),
        Fixture.HELICONE.options().withBlockTokens(4)));
    assertEquals(r.get(0).blockHashes()[1], r.get(1).blockHashes()[1]);
  }

  @Test
  void rowWithoutBodies_takesHeliconesColumns_andHasNoHashes() {
    TraceRecord r = fixture().get(2);
    assertEquals(500 + 256, r.inputTokens(), "prompt_tokens holds the uncached part: cache reads are added back");
    assertEquals(256, r.cachedTokens());
    assertEquals(0, r.cacheWriteTokens());
    assertEquals(20, r.outputTokens());
    assertNull(r.blockHashes(), "the prompt is not in the export");
  }

  @Test
  void rateLimitedRow_countsItsRequestBody() {
    TraceRecord r = fixture().get(3);
    assertEquals("rate_limited", r.status());
    assertTrue(r.inputTokens() > 5 && r.inputTokens() < 40, "the o200k count of the body: " + r.inputTokens());
    assertEquals(0, r.outputTokens());
  }

  @Test
  void noPromptOrKey_inAnyOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.HELICONE, tmp, List.of("SECRET-PROMPT-TEXT", "paperback",
        "sk-live-FAKEKEY1234567890abcdef", "shipped on March 1"));
  }

  @Test
  void unknownFields_areCounted_orErrorsWhenStrict() throws IOException {
    Path f = tmp.resolve("extra.jsonl");
    Files.writeString(f, "{\"request_id\": \"r1\", \"request_created_at\": \"2026-03-02T10:00:00Z\", \"model\": \"gpt-4o\","
        + " \"provider\": \"OPENAI\", \"response_status\": 200, \"prompt_tokens\": 10, \"completion_tokens\": 1,"
        + " \"new_column\": \"sk-live-FAKEKEY\"}\n");
    try (TraceReader r = TraceFormat.HELICONE.open(List.of(f), ReadOptions.DEFAULTS)) {
      assertEquals(1, r.drain());
      assertEquals(Map.of("new_column", 1L), r.ignoredFields());
    }
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.HELICONE.open(List.of(f), ReadOptions.DEFAULTS.withStrict(true))));
    assertEquals("new_column", e.field());
    assertFalse(e.getMessage().contains("sk-live"), e.getMessage());
  }

  @Test
  void badRows_nameLineAndField_neverTheValue() throws IOException {
    TraceInputException e = problem("{\"data\": [{\"request_id\": \"r1\", \"request_created_at\": \"2026-03-02T10:00:00Z\","
        + " \"model\": \"gpt-4o\", \"response_status\": 200}]}");
    assertEquals("line 1", e.location());
    assertEquals("data[0].prompt_tokens", e.field());
    assertTrue(e.problem().contains("must carry its usage"), e.getMessage());
    e = problem("{\"request_id\": \"r1\", \"request_created_at\": \"2026-03-02T10:00:00Z\", \"model\": \"gpt-4o\","
        + " \"prompt_tokens\": 12.5}");
    assertEquals("prompt_tokens", e.field());
    e = problem("{\"request_id\": \"r1\", \"request_created_at\": \"2026-03-02T10:00:00Z\", \"model\": \"gpt-4o\","
        + " \"request_body\": {\"messages\": \"SECRET-PROMPT-TEXT\"}, \"response_status\": 500}");
    assertEquals("request_body.messages", e.field());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    e = problem("{\"request_id\": \"r1\", \"request_created_at\": \"last tuesday\"}");
    assertEquals("request_created_at", e.field());
    e = problem("{\"data\": [SECRET-PROMPT-TEXT]}");
    assertTrue(e.getMessage().contains("malformed JSON at column"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  @Test
  void responsesChain_isOneSession_inArrivalOrder() throws IOException {
    // Listed newest first: the continuation comes before its predecessor in the file.
    Path f = tmp.resolve("responses.jsonl");
    Files.writeString(f, "{\"data\": ["
        + "{\"request_id\": \"r2\", \"request_created_at\": \"2026-03-02T10:00:09Z\", \"request_path\": \"/v1/responses\","
        + " \"provider\": \"OPENAI\", \"request_model\": \"gpt-5\", \"response_status\": 200,"
        + " \"request_body\": {\"model\": \"gpt-5\", \"previous_response_id\": \"resp_1\", \"input\": \"and then?\"},"
        + " \"response_body\": {\"id\": \"resp_2\", \"output\": [], \"usage\": {\"input_tokens\": 40, \"output_tokens\": 3,"
        + " \"input_tokens_details\": {\"cached_tokens\": 20}}}},"
        + "{\"request_id\": \"r1\", \"request_created_at\": \"2026-03-02T10:00:00Z\", \"request_path\": \"/v1/responses\","
        + " \"provider\": \"OPENAI\", \"request_model\": \"gpt-5\", \"response_status\": 200,"
        + " \"request_body\": {\"model\": \"gpt-5\", \"input\": \"tell me a story about a lighthouse keeper\"},"
        + " \"response_body\": {\"id\": \"resp_1\", \"output\": [{\"type\": \"message\", \"role\": \"assistant\","
        + " \"content\": [{\"type\": \"output_text\", \"text\": \"Once upon a time\"}]}],"
        + " \"usage\": {\"input_tokens\": 12, \"output_tokens\": 4}}}]}\n");
    List<TraceRecord> r = Traces.readAll(TraceFormat.HELICONE.open(List.of(f),
        ReadOptions.DEFAULTS.withHashSalt(7L).withBlockTokens(4)));
    assertEquals(List.of("r1", "r2"), r.stream().map(TraceRecord::requestId).toList());
    assertEquals("resp_1", r.get(1).sessionId(), "the chain's first response names the session");
    assertEquals(40, r.get(1).inputTokens());
    assertEquals(20, r.get(1).cachedTokens());
    long[] first = r.get(0).blockHashes();
    long[] second = r.get(1).blockHashes();
    assertTrue(second.length > first.length, "the continuation's prompt holds the first turn");
    assertArrayEquals(java.util.Arrays.copyOf(first, 2), java.util.Arrays.copyOf(second, 2));
  }

  private TraceInputException problem(String content) throws IOException {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, content + "\n");
    return assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.HELICONE.open(List.of(f), ReadOptions.DEFAULTS)));
  }
}
