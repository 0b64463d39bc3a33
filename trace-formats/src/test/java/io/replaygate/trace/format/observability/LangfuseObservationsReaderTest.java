package io.replaygate.trace.format.observability;

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
 * Langfuse observations exports, from a fixture written by hand from its documented observation objects: a v1 API
 * page listed newest first (two generations and a span), then two v2 observations (one failed with a 429); usage by
 * Langfuse's own usage-details rule (disjoint types, every key containing "input" an input type).
 */
class LangfuseObservationsReaderTest {
  @TempDir
  Path tmp;

  static List<TraceRecord> fixture() {
    return Traces.readAll(Fixture.LANGFUSE.open());
  }

  @Test
  void detect_apiPageAndObservations_asLangfuse() throws IOException {
    assertEquals(TraceFormat.LANGFUSE, FormatDetector.detect(Fixture.LANGFUSE.paths().get(0)));
    Path one = tmp.resolve("obs.jsonl");
    Files.writeString(one, Files.readAllLines(Fixture.LANGFUSE.paths().get(0)).get(1) + "\n");
    assertEquals(TraceFormat.LANGFUSE, FormatDetector.detect(one));
  }

  @Test
  void onlyGenerations_inStartOrder() {
    assertEquals(List.of("gen-1", "gen-3", "gen-2", "gen-4"), fixture().stream().map(TraceRecord::requestId).toList());
  }

  @Test
  void usageDetails_openAiShape_cachedKeyIsPartOfTheInput() {
    TraceRecord r = fixture().get(0);
    assertEquals(1_772_442_000_000_000L, r.arrivalUs(), "2026-03-02T09:00:00Z");
    assertEquals(1076 + 1024 + 0, r.inputTokens(), "input + input_cached_tokens + input_audio_tokens");
    assertEquals(1024, r.cachedTokens());
    assertNull(r.cacheWriteTokens());
    assertEquals(40, r.outputTokens(), "output + output_reasoning_tokens");
    assertEquals("gpt-4o", r.model());
    assertEquals("gpt-4o", r.modelPath(), "Langfuse records no provider");
    assertEquals("trace-1", r.sessionId(), "v1 observations: the trace");
    assertEquals(600f, r.ttftMs(), "completionStartTime - startTime");
    assertEquals(2500f, r.e2eMs());
    assertNotNull(r.blockHashes());
  }

  @Test
  void usageDetails_anthropicShape_readsAndWritesAreInputs() {
    TraceRecord r = fixture().get(2);
    assertEquals(20 + 1800 + 300, r.inputTokens());
    assertEquals(1800, r.cachedTokens());
    assertEquals(300, r.cacheWriteTokens());
    assertEquals(75, r.outputTokens());
    assertNull(r.ttftMs(), "no completion start, no timeToFirstToken");
    assertEquals(4000f, r.e2eMs());
  }

  @Test
  void v2Observation_userAndSession_andSecondsFields() {
    TraceRecord r = fixture().get(1);
    assertEquals("acme", r.tenant());
    assertEquals("chat-77", r.sessionId());
    assertEquals("gpt-4o-mini", r.model(), "providedModelName");
    assertEquals(300, r.inputTokens());
    assertNull(r.cachedTokens(), "no cache usage type: not observed");
    assertEquals(250f, r.ttftMs(), "timeToFirstToken, s");
    assertEquals(1000f, r.e2eMs());
  }

  @Test
  void failedGeneration_rateLimited_countsItsInput() {
    TraceRecord r = fixture().get(3);
    assertEquals("rate_limited", r.status());
    assertTrue(r.inputTokens() > 5 && r.inputTokens() < 40, "o200k tokens of the input: " + r.inputTokens());
  }

  @Test
  void sharedSystemPrompt_sharesBlocks_betweenListAndKwargsInputs() throws IOException {
    List<TraceRecord> r = Traces.readAll(TraceFormat.LANGFUSE.open(Fixture.LANGFUSE.paths(),
        Fixture.LANGFUSE.options().withBlockTokens(4)));
    // gen-2 carries tools, so its prompt starts with them; gen-1 starts with the system message.
    assertFalse(r.get(0).blockHashes()[0] == r.get(2).blockHashes()[0]);
    TraceRecord noTools = Traces.readAll(TraceFormat.LANGFUSE.open(List.of(write("{\"id\": \"g\", \"traceId\": \"t\","
        + " \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\", \"model\": \"m\", \"usageDetails\":"
        + " {\"input\": 5}, \"input\": {\"system\": \"You are the SECRET-PROMPT-TEXT support assistant for a paperback"
        + " bookshop.\", \"messages\": []}}")), Fixture.LANGFUSE.options().withBlockTokens(4))).get(0);
    assertEquals(r.get(0).blockHashes()[1], noTools.blockHashes()[1], "the same system text, the same blocks");
  }

  @Test
  void noPromptText_inAnyOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.LANGFUSE, tmp, List.of("SECRET-PROMPT-TEXT", "paperback", "lookup_stock",
        "shipped on March 1"));
  }

  @Test
  void unknownFields_areCounted() throws IOException {
    Path f = write("{\"id\": \"g\", \"traceId\": \"t\", \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\","
        + " \"model\": \"m\", \"usageDetails\": {\"input\": 5}, \"futureField\": 1}");
    try (TraceReader r = TraceFormat.LANGFUSE.open(List.of(f), ReadOptions.DEFAULTS)) {
      assertEquals(1, r.drain());
      assertEquals(Map.of("futureField", 1L), r.ignoredFields());
    }
  }

  @Test
  void badObservations_nameLineAndField_neverTheValue() throws IOException {
    TraceInputException e = problem("{\"data\": [{\"id\": \"g\", \"traceId\": \"t\", \"type\": \"GENERATION\","
        + " \"startTime\": \"2026-03-02T09:00:00Z\", \"model\": \"m\"}], \"meta\": {}}");
    assertEquals("data[0].usageDetails", e.field());
    assertTrue(e.problem().contains("must carry its usage"), e.getMessage());
    e = problem("{\"id\": \"g\", \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\", \"model\": \"m\","
        + " \"usageDetails\": {\"input\": -4}}");
    assertEquals("usageDetails.input", e.field());
    e = problem("{\"id\": \"g\", \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\", \"model\": \"m\","
        + " \"usage\": {\"input\": 40, \"unit\": \"CHARACTERS\"}}");
    assertEquals("usage.unit", e.field());
    e = problem("{\"id\": \"g\", \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\","
        + " \"usageDetails\": {\"input\": 4}}");
    assertEquals("model", e.field());
    e = problem("{\"id\": \"g\", \"type\": \"GENERATION\", \"startTime\": \"2026-03-02T09:00:00Z\", \"model\": \"m\","
        + " \"level\": \"ERROR\", \"input\": [{\"role\": 7, \"content\": \"SECRET-PROMPT-TEXT\"}]}");
    assertTrue(e.field().startsWith("input"), e.field());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }

  private Path write(String content) throws IOException {
    Path f = Files.createTempFile(tmp, "lf", ".jsonl");
    Files.writeString(f, content + "\n");
    return f;
  }

  private TraceInputException problem(String content) throws IOException {
    Path f = write(content);
    return assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.LANGFUSE.open(List.of(f), ReadOptions.DEFAULTS)));
  }
}
