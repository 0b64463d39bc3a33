package io.replaygate.trace.format.litellm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.Fixture;
import io.replaygate.trace.Privacy;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LiteLLM's StandardLoggingPayload, from a fixture written by hand from the documented payload (LiteLLM's
 * logging spec and its {@code StandardLoggingPayload} / {@code StandardLoggingMetadata} types): detection,
 * every mapped field, the shared prefix of a conversation's turns, redacted messages, a rate-limited
 * failure, the wrapped form, located errors that never echo prompt text, and no prompt or key in any output.
 */
class LiteLlmPayloadReaderTest {
  @TempDir
  Path tmp;

  static List<TraceRecord> fixture() {
    return Traces.readAll(Fixture.LITELLM.open());
  }

  @Test
  void detect_bareAndWrappedPayloads_asLiteLlm() throws IOException {
    assertEquals(TraceFormat.LITELLM, FormatDetector.detect(Fixture.LITELLM.paths().get(0)));
    Path wrapped = tmp.resolve("wrapped.jsonl");
    Files.writeString(wrapped, Files.readAllLines(Fixture.LITELLM.paths().get(0)).get(3) + "\n");
    assertEquals(TraceFormat.LITELLM, FormatDetector.detect(wrapped));
  }

  @Test
  void streamingAnthropicCall_mapsEveryField() {
    TraceRecord r = fixture().get(0);
    assertEquals(1_772_446_500_125_000L, r.arrivalUs());
    assertEquals("chatcmpl-7f1c", r.requestId());
    assertEquals("payments", r.tenant(), "the team alias before the key alias and the user");
    assertEquals("coding-sonnet", r.modelPath(), "the model group");
    assertEquals("claude-sonnet-4-5", r.model());
    assertEquals("anthropic", r.provider());
    assertEquals(2700, r.inputTokens());
    assertEquals(161, r.outputTokens());
    assertEquals(0, r.cachedTokens());
    assertEquals(2048, r.cacheWriteTokens());
    assertEquals(875f, r.ttftMs(), 1e-3f, "completionStartTime − startTime on a streaming call");
    assertEquals(6375f, r.e2eMs(), 1e-3f);
    assertEquals("ok", r.status());
    assertNotNull(r.blockHashes());
  }

  @Test
  void secondTurn_sharesTheFirstTurnsPrefixHashes() {
    List<TraceRecord> r = fixture();
    long[] a = r.get(0).blockHashes();
    long[] b = r.get(1).blockHashes();
    assertTrue(b.length >= a.length && a.length >= 3, "the second turn holds the first: " + a.length + ", " + b.length);
    int common = 0;
    while (common < a.length && a[common] == b[common]) {
      common++;
    }
    assertTrue(common >= a.length - 1, "every full block of the first turn is shared: " + common + " of " + a.length);
    assertFalse(java.util.Arrays.equals(a, b), "the second turn's tail differs");
    assertEquals(2048, r.get(1).cachedTokens());
    assertEquals(512, r.get(1).cacheWriteTokens());
  }

  @Test
  void redactedMessages_giveNoHashes_andKeepTheObservedUsage() {
    TraceRecord r = fixture().get(2);
    assertNull(r.blockHashes(), "turn_off_message_logging: caching cannot be simulated for this call");
    assertEquals("support-widget", r.tenant(), "the key alias before the end user");
    assertEquals("openai/gpt-5", r.modelPath(), "no model group: provider/model");
    assertEquals(1234, r.inputTokens());
    assertEquals(1024, r.cachedTokens(), "prompt_tokens_details.cached_tokens");
    assertNull(r.ttftMs(), "a non-streaming call has no first-token time");
    assertEquals(1500f, r.e2eMs(), 1e-3f, "ISO-8601 times are read too");
  }

  @Test
  void wrappedRateLimitedFailure_isRateLimited_withItsPromptCounted() {
    TraceRecord r = fixture().get(3);
    assertEquals("rate_limited", r.status());
    assertEquals("payments", r.tenant());
    assertEquals(0, r.outputTokens());
    assertTrue(r.inputTokens() > 0 && r.inputTokens() < 20, "LiteLLM logged 0 for the failed call: its messages' "
        + "o200k count instead, what a retry sends: " + r.inputTokens());
    assertNull(r.ttftMs(), "a failed call has no first token");
  }

  @Test
  void promptTextAndKeys_reachNoOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.LITELLM, tmp, List.of("SECRET-PROMPT-TEXT", "sk-live-FAKE", "payments monorepo",
        "Retry the flaky job"));
  }

  @Test
  void badInput_namesFileLineAndField_neverThePrompt() throws IOException {
    String good = Files.readAllLines(Fixture.LITELLM.paths().get(0)).get(2);
    assertProblem(good.replace("\"startTime\": \"2026-03-02T10:17:00.500Z\"", "\"startTime\": \"yesterday\""),
        "startTime");
    assertProblem(good.replace("\"startTime\": \"2026-03-02T10:17:00.500Z\"", "\"startTime\": 1772446620000"),
        "'startTime': epoch seconds out of range");
    assertProblem(good.replace("\"prompt_tokens\": 1234,", "\"prompt_tokens\": -5,"), "prompt_tokens");
    assertProblem(good.replace("\"status\": \"success\"", "\"status\": \"maybe\""), "status");
    assertProblem(good.replace("\"cached_tokens\": 1024", "\"cached_tokens\": 99999"), "metadata.usage_object");
    // A message of the wrong shape holding prompt text: the error names the field, not the text.
    String bad = good.replace("\"messages\": \"redacted-by-litellm\"",
        "\"messages\": [{\"role\": \"user\", \"content\": {\"oops\": \"SECRET-PROMPT-TEXT\"}}]");
    TraceInputException e = assertProblem(bad, "messages");
    assertFalse(e.getMessage().contains("SECRET-PROMPT-TEXT"), e.getMessage());
    TraceInputException model = assertProblem(good.replace("\"model\": \"gpt-5\"", "\"model\": [\"SECRET-PROMPT-TEXT\"]"),
        "model");
    assertFalse(model.getMessage().contains("SECRET-PROMPT-TEXT"), model.getMessage());
  }

  @Test
  void unknownJson_isNamedByItsKeys_notItsValues() throws IOException {
    Path f = tmp.resolve("other.jsonl");
    Files.writeString(f, "{\"prompt\": \"SECRET-PROMPT-TEXT\", \"when\": 1}\n");
    TraceInputException e = assertThrows(TraceInputException.class, () -> FormatDetector.detect(f));
    assertTrue(e.getMessage().contains("keys [prompt, when]"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET-PROMPT-TEXT"), e.getMessage());
  }

  private TraceInputException assertProblem(String line, String field) throws IOException {
    Path f = tmp.resolve("bad.jsonl");
    Files.writeString(f, line + "\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.LITELLM.open(List.of(f), Fixture.LITELLM.options())));
    assertTrue(e.getMessage().contains("bad.jsonl") && e.getMessage().contains("line 1"), e.getMessage());
    assertTrue(e.getMessage().contains(field), field + " in: " + e.getMessage());
    return e;
  }

  @Test
  void unknownFields_areCounted_orWithStrictAreErrors() throws IOException {
    String line = Files.readAllLines(Fixture.LITELLM.paths().get(0)).get(2).replaceFirst("^\\{", "{\"new_in_v2\": 3, ");
    Path f = tmp.resolve("new.jsonl");
    Files.writeString(f, line + "\n" + line + "\n");
    try (TraceReader r = TraceFormat.LITELLM.open(List.of(f), Fixture.LITELLM.options())) {
      assertEquals(2, r.drain());
      assertEquals(java.util.Map.of("new_in_v2", 2L), r.ignoredFields());
    }
    TraceInputException e = assertThrows(TraceInputException.class, () -> Traces.readAll(
        TraceFormat.LITELLM.open(List.of(f), Fixture.LITELLM.options().withStrict(true))));
    assertTrue(e.getMessage().contains("new_in_v2") && e.getMessage().contains("line 1"), e.getMessage());
  }
}
