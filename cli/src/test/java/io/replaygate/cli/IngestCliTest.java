package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logs people have, end to end through the command line: detected, inspected and replayed. */
class IngestCliTest {
  static final Path LITELLM = Path.of("../trace-formats/src/test/resources/fixtures/litellm.jsonl");
  static final Path OTEL = Path.of("../trace-formats/src/test/resources/fixtures/otel_genai.jsonl");

  @TempDir
  Path dir;

  @Test
  void liteLlmPayloads_areDetected_inspected_andReplayed() throws Exception {
    CliTest.Result inspect = CliTest.run("inspect", LITELLM.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("(litellm)"), inspect.out());
    assertTrue(inspect.out().contains("1 of 4 records have no block hashes (prompt not recorded): caching cannot be "
        + "simulated for them"), inspect.out());
    assertFalse(inspect.out().contains("SECRET-PROMPT-TEXT"), inspect.out());
    Path out = dir.resolve("run");
    CliTest.Result replay = CliTest.run("replay", LITELLM.toString(), "--out", out.toString(), "--price-date",
        "2026-07-24", "--hash-salt", "42");
    assertEquals(0, replay.code(), replay.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("litellm", summary.path("trace").path("source_format").asText());
    for (JsonNode p : summary.path("paths")) {
      assertEquals(4, p.path("requests").asLong(), p.path("path").asText());
    }
    for (Path f : Files.list(out).toList()) {
      assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1)
          .contains("SECRET-PROMPT-TEXT"), f.toString());
    }
  }

  @Test
  void otelGenAiSpans_areDetected_inspected_andReplayed() throws Exception {
    CliTest.Result inspect = CliTest.run("inspect", OTEL.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("(otel)") && inspect.out().contains("records        4"), inspect.out());
    Path out = dir.resolve("otel");
    CliTest.Result replay = CliTest.run("replay", OTEL.toString(), "--out", out.toString(), "--price-date",
        "2026-07-24", "--hash-salt", "42");
    assertEquals(0, replay.code(), replay.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("otel", summary.path("trace").path("source_format").asText());
    assertEquals(4, summary.path("paths").get(0).path("requests").asLong());
  }
}
