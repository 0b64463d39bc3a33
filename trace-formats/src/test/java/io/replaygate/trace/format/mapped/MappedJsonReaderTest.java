package io.replaygate.trace.format.mapped;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An in-house gateway's log read through one small mapping file: the documented example, errors, privacy. */
class MappedJsonReaderTest {
  @TempDir
  Path tmp;

  static final String SYSTEM = "You are the in-house assistant of the claims team. ".repeat(30);

  static String line(long ts, String user, int status, int cached) {
    return "{\"ts\": " + ts + ", \"team\": \"claims\", \"conversation_id\": \"c-1\", \"http_status\": " + status
        + ", \"req\": {\"model\": \"gpt-5\", \"messages\": [{\"role\": \"system\", \"content\": \"" + SYSTEM + "\"}, "
        + "{\"role\": \"user\", \"content\": \"" + user + "\"}]}, \"resp\": {\"usage\": {\"prompt_tokens\": 700, "
        + "\"completion_tokens\": 40, \"prompt_tokens_details\": {\"cached_tokens\": " + cached + "}}}, "
        + "\"timing\": {\"first_token_ms\": 420.5, \"total_ms\": 1900}}";
  }

  List<TraceRecord> read(String mapping, String... lines) throws IOException {
    Path map = tmp.resolve("map.yaml");
    Files.writeString(map, mapping);
    Path log = tmp.resolve("gw.jsonl");
    Files.writeString(log, String.join("\n", lines) + "\n");
    try (TraceReader r = new MappedJsonReader(log, ReadOptions.DEFAULTS.withHashSalt(7L), LogMapping.load(map))) {
      return Traces.readAll(r);
    }
  }

  @Test
  void theDocumentedExample_readsALogShapedLikeIt() throws IOException {
    List<TraceRecord> r = read(LogMapping.EXAMPLE, line(1_772_446_500_000L, "first SECRET-PROMPT-TEXT", 200, 0),
        line(1_772_446_560_000L, "second question", 200, 512), line(1_772_446_570_000L, "third", 429, 0));
    TraceRecord a = r.get(0);
    assertEquals(1_772_446_500_000_000L, a.arrivalUs(), "epoch_ms");
    assertEquals("openai/gpt-5", a.modelPath(), "the constant provider / the model");
    assertEquals("claims", a.tenant());
    assertEquals("c-1", a.sessionId());
    assertEquals(700, a.inputTokens());
    assertEquals(40, a.outputTokens());
    assertEquals(420.5f, a.ttftMs(), 1e-3f);
    assertEquals(1900f, a.e2eMs(), 1e-3f);
    assertEquals("ok", a.status());
    assertEquals(512, r.get(1).cachedTokens());
    assertEquals("rate_limited", r.get(2).status(), "429 is in rate_limited_values");
    long[] h0 = a.blockHashes();
    long[] h1 = r.get(1).blockHashes();
    assertTrue(h0.length > 3 && h0[0] == h1[0] && h0[1] == h1[1], "the shared system prompt's blocks are shared");
  }

  @Test
  void promptText_reachesNoOutput() throws IOException {
    Path map = tmp.resolve("map.yaml");
    Files.writeString(map, LogMapping.EXAMPLE);
    Path log = tmp.resolve("gw.jsonl");
    Files.writeString(log, line(1_772_446_500_000L, "SECRET-PROMPT-TEXT", 200, 0) + "\n");
    for (OutputFormat f : OutputFormat.values()) {
      Path out = tmp.resolve("out" + f.extension());
      try (TraceReader r = new MappedJsonReader(log, ReadOptions.DEFAULTS, LogMapping.load(map))) {
        TraceConverter.convert(r, out, f, null);
      }
      String bytes = new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertFalse(bytes.contains("SECRET-PROMPT-TEXT") || bytes.contains("claims team"), f + " leaks the prompt");
    }
  }

  @Test
  void minimalMapping_isoTimes_noPrompt() throws IOException {
    List<TraceRecord> r = read("time: /at\nmodel: /m\ninput_tokens: /in\n",
        "{\"at\": \"2026-03-02T10:00:00Z\", \"m\": \"claude-sonnet-4-5\", \"in\": \"120\"}");
    assertEquals(120, r.get(0).inputTokens(), "a count written as a string");
    assertEquals("claude-sonnet-4-5", r.get(0).modelPath(), "no provider: the model");
    assertNull(r.get(0).blockHashes());
    assertEquals("ok", r.get(0).status(), "no status field: ok");
  }

  @Test
  void badMappingsAndLines_nameTheKeyOrTheFieldAndPointer() throws IOException {
    TraceInputException e = assertThrows(TraceInputException.class, () -> read("time: /t\nmodel: /m\n"));
    assertTrue(e.getMessage().contains("input_tokens") && e.getMessage().contains("missing required mapping"),
        e.getMessage());
    e = assertThrows(TraceInputException.class, () -> read("time: /t\nmodel: /m\ninput_tokens: /i\ncolour: /c\n"));
    assertTrue(e.getMessage().contains("colour") && e.getMessage().contains("unknown mapping key"), e.getMessage());
    e = assertThrows(TraceInputException.class, () -> read("time: t\nmodel: /m\ninput_tokens: /i\n"));
    assertTrue(e.getMessage().contains("expected a JSON pointer"), e.getMessage());
    e = assertThrows(TraceInputException.class, () -> read("time: /t\ntime_format: epoch_ms\nmodel: /m\n"
        + "input_tokens: /i\n", "{\"t\": 1772446500, \"m\": \"x\", \"i\": 1}"));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("time (/t)")
        && e.getMessage().contains("out of range"), "seconds given as ms: " + e.getMessage());
    e = assertThrows(TraceInputException.class, () -> read("time: /t\nmodel: /m\ninput_tokens: /i\n",
        "{\"t\": \"2026-03-02T10:00:00Z\", \"m\": \"x\", \"i\": \"SECRET-PROMPT-TEXT\"}"));
    assertTrue(e.getMessage().contains("input_tokens (/i)") && !e.getMessage().contains("SECRET"), e.getMessage());
  }
}
