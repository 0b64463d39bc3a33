package io.replaygate.trace.format.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.Fixture;
import io.replaygate.trace.Privacy;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.TraceFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayLogReaderTest {
  @TempDir
  Path tmp;

  private static final String SYSTEM = "You are a meticulous senior reviewer. ".repeat(40);

  private Path log(String... lines) throws IOException {
    Path file = tmp.resolve("gw.jsonl");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static String anthropic(String ts, String user, int cachedRead) {
    return "{\"timestamp\": \"" + ts + "\", \"request\": {\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 100, "
        + "\"system\": \"" + SYSTEM + "\", \"messages\": [{\"role\": \"user\", \"content\": \"" + user + "\"}]}, "
        + "\"response\": {\"usage\": {\"input_tokens\": 10, \"cache_read_input_tokens\": " + cachedRead
        + ", \"cache_creation_input_tokens\": 5, \"output_tokens\": 3}}}";
  }

  @Test
  void sharedSystemPrompt_givesEqualLeadingHashes_andDifferentTails() throws IOException {
    Path file = log(anthropic("2026-03-02T10:00:00Z", "first question", 0),
        anthropic("2026-03-02T10:00:01Z", "a different question", 300));
    List<TraceRecord> r = Traces.readAll(TraceFormat.GATEWAY.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(1L)));
    long[] a = r.get(0).blockHashes();
    long[] b = r.get(1).blockHashes();
    assertTrue(a.length > 4, "the long system prompt spans several 64-token blocks");
    int common = 0;
    while (common < Math.min(a.length, b.length) && a[common] == b[common]) {
      common++;
    }
    assertTrue(common >= 4, "the system prompt's full blocks are shared: " + common);
    assertTrue(common < Math.min(a.length, b.length), "the different questions diverge");
    // Usage: 10 plain + 300 read + 5 written = 315 prompt tokens, 300 cached, 5 written.
    assertEquals(315, r.get(1).inputTokens());
    assertEquals(300, r.get(1).cachedTokens());
    assertEquals(5, r.get(1).cacheWriteTokens());
    assertEquals("anthropic", r.get(1).provider());
  }

  @Test
  void salt_changesEveryHash_andKeyOrderDoesNot() throws IOException {
    String reordered = "{\"request\": {\"messages\": [{\"content\": \"first question\", \"role\": \"user\"}], "
        + "\"system\": \"" + SYSTEM + "\", \"max_tokens\": 100, \"model\": \"claude-sonnet-4-5\"}, "
        + "\"timestamp\": \"2026-03-02T10:00:01Z\", \"response\": {\"usage\": {\"input_tokens\": 10, "
        + "\"output_tokens\": 3}}}";
    Path file = log(anthropic("2026-03-02T10:00:00Z", "first question", 0), reordered);
    List<TraceRecord> salt1 = Traces.readAll(TraceFormat.GATEWAY.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(1L)));
    List<TraceRecord> salt2 = Traces.readAll(TraceFormat.GATEWAY.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(2L)));
    assertEquals(java.util.Arrays.toString(salt1.get(0).blockHashes()), java.util.Arrays.toString(salt1.get(1).blockHashes()));
    for (int i = 0; i < salt1.get(0).blockHashes().length; i++) {
      assertNotEquals(salt1.get(0).blockHashes()[i], salt2.get(0).blockHashes()[i]);
    }
  }

  @Test
  void promptText_neverReachesAnyOutput() throws IOException {
    // The fixture's first prompt carries a marker; no canonical output may contain it.
    Privacy.assertNoOutputContains(Fixture.GATEWAY, tmp, List.of("SECRET-PROMPT-TEXT", "code reviewer"));
  }

  @Test
  void openAiUsage_mapsCachedTokens_andStatusFromHttpCode() {
    List<TraceRecord> r = Traces.readAll(Fixture.GATEWAY.open());
    TraceRecord openai = r.get(2);
    assertEquals("openai/gpt-5", openai.modelPath());
    assertEquals(1200, openai.inputTokens());
    assertEquals(1024, openai.cachedTokens());
    assertEquals(55, openai.outputTokens());
    TraceRecord limited = r.get(3);
    assertEquals("rate_limited", limited.status());
    assertEquals(0, limited.outputTokens());
  }

  @Test
  void responsesApi_chainsPreviousResponses_intoOneSessionAndOneGrowingPrompt() {
    List<TraceRecord> r = Traces.readAll(Fixture.GATEWAY_RESPONSES.open());
    assertEquals(List.of("resp_1", "resp_1", "resp_1", "resp_9"), r.stream().map(TraceRecord::sessionId).toList(),
        "previous_response_id chains name their first response");
    assertEquals("openai/gpt-5", r.get(0).modelPath());
    assertEquals("openai", r.get(0).provider());
    // Usage: input_tokens with input_tokens_details.cached_tokens.
    assertEquals(760, r.get(1).inputTokens());
    assertEquals(640, r.get(1).cachedTokens());
    assertEquals(25, r.get(1).outputTokens());
    // The server prompts turn 2 with turn 1's input and output, then the new input: turn 1's blocks lead it, and
    // turn 3 holds all of turn 2 (tools and instructions first, then the conversation).
    for (int t = 1; t <= 2; t++) {
      long[] a = r.get(t - 1).blockHashes();
      long[] b = r.get(t).blockHashes();
      int common = 0;
      while (common < Math.min(a.length, b.length) && a[common] == b[common]) {
        common++;
      }
      assertTrue(b.length > a.length, "turn " + (t + 1) + " is longer");
      assertTrue(common >= a.length - 1, "turn " + t + "'s full blocks lead turn " + (t + 1) + ": " + common + "/"
          + a.length);
    }
    assertEquals(1105, r.get(3).inputTokens(), "an image counts by the provider's usage");
  }

  @Test
  void responsesApi_withoutMessages_isReadNotRejected() throws IOException {
    // What a new user hit: a Responses body failed with "request.messages missing".
    Path file = log("{\"timestamp\": \"2026-03-02T10:00:00Z\", \"request\": {\"model\": \"gpt-5\", \"input\": "
        + "\"hello\"}, \"response\": {\"id\": \"resp_x\", \"usage\": {\"input_tokens\": 8, \"output_tokens\": 2}}}");
    List<TraceRecord> r = Traces.readAll(TraceFormat.GATEWAY.open(List.of(file), ReadOptions.DEFAULTS.withHashSalt(1L)));
    assertEquals(8, r.get(0).inputTokens());
    assertEquals("resp_x", r.get(0).sessionId());
    Path bad = log("{\"timestamp\": \"2026-03-02T10:00:00Z\", \"request\": {\"model\": \"gpt-5\", \"input\": "
        + "[{\"role\": 7, \"content\": \"SECRET-PROMPT-TEXT\"}]}, \"response\": {\"usage\": {\"input_tokens\": 8}}}");
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.replaygate.trace.TraceInputException.class,
        () -> Traces.readAll(TraceFormat.GATEWAY.open(List.of(bad), ReadOptions.DEFAULTS.withHashSalt(1L))));
    assertTrue(e.getMessage().contains("request.input[0].role"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET-PROMPT-TEXT"), e.getMessage());
  }

  @Test
  void responsesPromptText_neverReachesAnyOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.GATEWAY_RESPONSES, tmp, List.of("SECRET-PROMPT-TEXT", "travel planner"));
  }
}
