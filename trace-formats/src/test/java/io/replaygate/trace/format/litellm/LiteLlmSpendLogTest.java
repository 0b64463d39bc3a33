package io.replaygate.trace.format.litellm;

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
 * LiteLLM's spend-log table exported as JSONL and as CSV (the same three rows, written by hand from the
 * {@code LiteLLM_SpendLogs} columns): detected, read to the same records, mapped as the logging payload is.
 */
class LiteLlmSpendLogTest {
  @TempDir
  Path tmp;

  @Test
  void jsonlAndCsvExports_areDetected_andReadToTheSameRecords() {
    assertEquals(TraceFormat.LITELLM_SPEND, FormatDetector.detect(Fixture.LITELLM_SPEND.paths().get(0)));
    assertEquals(TraceFormat.LITELLM_SPEND_CSV, FormatDetector.detect(Fixture.LITELLM_SPEND_CSV.paths().get(0)));
    assertEquals(Traces.readAll(Fixture.LITELLM_SPEND.open()), Traces.readAll(Fixture.LITELLM_SPEND_CSV.open()));
  }

  @Test
  void rows_mapLikeThePayload() {
    List<TraceRecord> r = Traces.readAll(Fixture.LITELLM_SPEND.open());
    TraceRecord stored = r.get(0);
    assertEquals(1_772_446_500_123_000L, stored.arrivalUs(), "a Postgres timestamp with +00");
    assertEquals("mobile", stored.tenant());
    assertEquals("writing-sonnet", stored.modelPath());
    assertEquals("s-1", stored.sessionId());
    assertEquals(1024, stored.cachedTokens(), "metadata.additional_usage_values");
    assertEquals(700f, stored.ttftMs(), 1e-3f, "completion started before the end: streamed");
    assertTrue(stored.blockHashes() != null, "store_prompts_in_spend_logs: messages hashed");
    TraceRecord notStored = r.get(1);
    assertNull(notStored.blockHashes(), "messages {}: not stored");
    assertEquals(512, notStored.cachedTokens(), "prompt_tokens_details.cached_tokens");
    assertEquals("openai/gpt-5-mini", notStored.modelPath(), "an empty model group is none");
    assertNull(notStored.sessionId());
    assertNull(notStored.ttftMs(), "completion start = end: not streamed");
    assertEquals("error", r.get(2).status());
  }

  @Test
  void promptText_reachesNoOutput() throws IOException {
    Privacy.assertNoOutputContains(Fixture.LITELLM_SPEND, tmp, List.of("SECRET-PROMPT-TEXT", "release-notes writer"));
    Privacy.assertNoOutputContains(Fixture.LITELLM_SPEND_CSV, tmp, List.of("SECRET-PROMPT-TEXT", "release-notes writer"));
  }

  @Test
  void badRows_areLocated() throws IOException {
    List<String> csv = Files.readAllLines(Fixture.LITELLM_SPEND_CSV.paths().get(0));
    Path f = tmp.resolve("spend.csv");
    Files.write(f, List.of(csv.get(0) + ",surprise", csv.get(1) + ",x"));
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.LITELLM_SPEND_CSV.open(List.of(f), Fixture.LITELLM_SPEND_CSV.options())));
    assertTrue(e.getMessage().contains("surprise") && e.getMessage().contains("unknown column"), e.getMessage());
    Files.write(f, List.of(csv.get(0), csv.get(1).replace("2026-03-02 10:15:00.123+00", "yesterday")));
    e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.LITELLM_SPEND_CSV.open(List.of(f), Fixture.LITELLM_SPEND_CSV.options())));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("startTime"), e.getMessage());
    assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
  }
}
