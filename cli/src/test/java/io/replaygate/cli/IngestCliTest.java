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

  /** Every observability export, detected from its content, inspected and replayed with no prompt text anywhere. */
  @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({"langfuse, langfuse.jsonl, 4", "helicone, helicone.jsonl, 4"})
  void observabilityExports_areDetected_inspected_andReplayed(String format, String file, int records)
      throws Exception {
    Path fixture = Path.of("../trace-formats/src/test/resources/fixtures").resolve(file);
    CliTest.Result inspect = CliTest.run("inspect", fixture.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("(" + format + ")") && inspect.out().contains("records        " + records),
        inspect.out());
    Path out = dir.resolve(format);
    CliTest.Result replay = CliTest.run("replay", fixture.toString(), "--out", out.toString(), "--price-date",
        "2026-07-24", "--hash-salt", "42");
    assertEquals(0, replay.code(), replay.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals(format, summary.path("trace").path("source_format").asText());
    for (JsonNode p : summary.path("paths")) {
      assertEquals(records, p.path("requests").asLong(), p.path("path").asText());
    }
    for (Path f : Files.list(out).toList()) {
      String bytes = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertFalse(bytes.contains("SECRET-PROMPT-TEXT") || bytes.contains("paperback") || bytes.contains("sk-live-"),
          f.toString());
    }
    assertFalse((inspect.out() + inspect.err() + replay.out() + replay.err()).contains("SECRET-PROMPT-TEXT"));
  }

  @Test
  void inspect_showsHowEachRecordedModelResolves_andWhichDoNot() throws Exception {
    Path trace = dir.resolve("models.jsonl");
    Files.writeString(trace, "{\"replaygate_trace\": {\"schema_version\": 1, \"time_origin\": \"epoch\", "
        + "\"capabilities\": \"models\"}}\n"
        + "{\"arrival_us\": 1772445600000000, \"model_path\": \"a\", \"model\": \"claude-sonnet-4-5-20250929\", "
        + "\"provider\": \"anthropic\", \"input_tokens\": 10, \"output_tokens\": 1, \"status\": \"ok\"}\n"
        + "{\"arrival_us\": 1772445601000000, \"model_path\": \"b\", \"model\": \"claude-sonnet-9\", "
        + "\"provider\": \"anthropic\", \"input_tokens\": 10, \"output_tokens\": 1, \"status\": \"ok\"}\n"
        + "{\"arrival_us\": 1772445602000000, \"model_path\": \"c\", \"model\": \"bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0\", "
        + "\"input_tokens\": 10, \"output_tokens\": 1, \"status\": \"ok\"}\n");
    CliTest.Result r = CliTest.run("inspect", trace.toString(), "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("models         3 recorded, 1 not in the price catalog"), r.out());
    assertTrue(r.out().matches("(?s).*anthropic / claude-sonnet-4-5-20250929 +1  → anthropic/claude-sonnet-4-5\n.*"),
        r.out());
    assertTrue(r.out().matches("(?s).*anthropic / claude-sonnet-9 +1  → not resolved: no catalog entry for the recorded "
        + "model 'anthropic / claude-sonnet-9'; near matches: .*claude-sonnet-4-5.*"), r.out());
    assertTrue(r.out().matches("(?s).*bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0 +1  → bedrock/claude-sonnet-4-5.*"),
        r.out());
    JsonNode j = new ObjectMapper().readTree(CliTest.run("inspect", "--json", trace.toString()).out());
    assertEquals(3, j.path("model_resolution").size());
    assertTrue(j.path("model_resolution").get(2).path("catalog_id").isNull(), "sorted by provider, then model");
  }

  @Test
  void anyJsonLog_readsThroughAMappingFile_endToEnd() throws Exception {
    Path map = dir.resolve("map.yaml");
    Files.writeString(map, "time: /ts\ntime_format: epoch_s\nmodel: /m\nprovider: =anthropic\ninput_tokens: /u/in\n"
        + "output_tokens: /u/out\ntenant: /team\n");
    Path log = dir.resolve("inhouse.jsonl");
    Files.writeString(log, "{\"ts\": 1772446500, \"m\": \"claude-sonnet-4-5\", \"u\": {\"in\": 900, \"out\": 30}, "
        + "\"team\": \"ops\"}\n{\"ts\": 1772446501.5, \"m\": \"claude-sonnet-4-5\", \"u\": {\"in\": 950, "
        + "\"out\": 20}, \"team\": \"ops\"}\n");
    CliTest.Result inspect = CliTest.run("inspect", log.toString(), "--map", map.toString());
    assertEquals(0, inspect.code(), inspect.err());
    assertTrue(inspect.out().contains("(mapped)") && inspect.out().contains("records        2"), inspect.out());
    Path out = dir.resolve("mapped");
    CliTest.Result replay = CliTest.run("replay", log.toString(), "--map", map.toString(), "--out", out.toString(),
        "--price-date", "2026-07-24");
    assertEquals(0, replay.code(), replay.err());
    CliTest.Result both = CliTest.run("inspect", log.toString(), "--map", map.toString(), "--format", "gateway");
    assertEquals(2, both.code());
    Files.writeString(map, "time: /ts\nmodel: /m\n");
    CliTest.Result bad = CliTest.run("inspect", log.toString(), "--map", map.toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("map.yaml") && bad.err().contains("input_tokens"), bad.err());
  }

  @Test
  void unknownPayloadFields_areListedOnceAtTheEnd_andStrictMakesThemErrors() throws Exception {
    java.util.List<String> lines = Files.readAllLines(LITELLM);
    Path log = dir.resolve("extra.jsonl");
    Files.write(log, lines.stream().map(l -> l.replaceFirst("^\\{", "{\"x_new_field\": 1, ")).toList());
    CliTest.Result r = CliTest.run("inspect", log.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("replaygate: ignored 1 field the log format does not know: x_new_field (3) "
        + "(--strict makes them errors)"), r.err());
    // Three of the four lines are bare payloads; the wrapped one's payload is inside the wrapper.
    assertEquals(1, r.err().split("ignored", -1).length - 1, "listed once");
    CliTest.Result strict = CliTest.run("inspect", log.toString(), "--strict");
    assertEquals(2, strict.code());
    assertTrue(strict.err().contains("line 1") && strict.err().contains("x_new_field")
        && strict.err().contains("unknown field (--strict)"), strict.err());
  }
}
