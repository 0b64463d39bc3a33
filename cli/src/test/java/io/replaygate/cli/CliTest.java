package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.Fixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, messages, files left behind. */
class CliTest {
  static final Path FIXTURES = Path.of("..").resolve("trace-formats").resolve(Fixture.DIR);

  @TempDir
  Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void help_ofEveryCommand_formatsWithoutPicocliWarnings() {
    // A bare % in a description makes picocli warn on System.err and print the raw string.
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (String c : Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))
          .getSubcommands().keySet()) {
        Result r = run(c, "--help");
        assertEquals(0, r.code(), c);
      }
    } finally {
      System.setErr(saved);
    }
    assertFalse(captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("picocli WARN"),
        captured.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void inspect_noArguments_summarisesTheBundledDefault() {
    Result r = run("inspect");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("sample:default (generated:mix)"), r.out());
    assertTrue(r.out().contains("(6.99 days)") && r.out().contains("timezone=America/New_York"), r.out());
    assertTrue(r.out().contains("coding/claude-sonnet-4-5") && r.out().contains("coding/llama-3.1-70b"), r.out());
  }

  @Test
  void inspect_json_countsRecordsTokensAndBlocks() throws IOException {
    Result r = run("inspect", "--json", FIXTURES.resolve("mooncake.jsonl").toString());
    assertEquals(0, r.code(), r.err());
    JsonNode s = new ObjectMapper().readTree(r.out()).get("summary");
    assertEquals(4, s.get("records").asInt());
    assertEquals(1024 + 1100 + 513 + 100, s.get("input_tokens").get("sum").asInt());
    assertEquals(8, s.get("blocks").asInt());
    assertEquals(5, s.get("unique_blocks").asInt());
    assertEquals(0.0, s.get("unique_blocks_error").asDouble(), "exact below the limit: no error");
    // 3 of 8 blocks were seen before (0 twice more, 1 once more): reuse 3/8.
    assertEquals(0.375, s.get("block_reuse").asDouble(), 1e-12);
    assertEquals(2.75, s.get("span_seconds").asDouble(), 1e-12);
  }

  @Test
  void validate_badFile_listsEveryProblemWithItsPlace_andExits1() throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, """
        {"timestamp": 0, "input_length": 600, "output_length": 1, "hash_ids": [1, 2]}
        {"timestamp": 1, "input_length": 600, "output_length": -1, "hash_ids": [1]}
        {oops
        {"timestamp": 3, "input_length": 1, "output_length": 1, "hash_ids": [1]}
        """);
    Result r = run("validate", "--format", "mooncake", bad.toString());
    assertEquals(1, r.code());
    List<String> lines = r.out().lines().toList();
    assertEquals(bad + ": line 2: field 'output_length': must not be negative, got -1", lines.get(0));
    assertTrue(lines.get(1).startsWith(bad + ": line 2: field 'hash_ids': 1 hashes, expected ceil(600/512) = 2"));
    assertTrue(lines.get(2).startsWith(bad + ": line 3: malformed JSON"), lines.get(2));
    assertEquals("INVALID: 3 records, 3 problems", lines.get(3));
  }

  @Test
  void validate_goodFile_exits0() {
    Result r = run("validate", FIXTURES.resolve("weka/session_a.json").toString(),
        FIXTURES.resolve("weka/session_b.json").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("valid: 7 records, 0 problems"), r.out());
  }

  @Test
  void convert_badInput_exits2WithOneLine_andLeavesNothing() throws IOException {
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [1]}\n"
        + "{\"timestamp\": 1, \"input_length\": \"x\", \"output_length\": 1, \"hash_ids\": [1]}\n");
    Path outDir = Files.createDirectory(tmp.resolve("out"));
    Result r = run("convert", bad.toString(), outDir.resolve("t.parquet").toString());
    assertEquals(2, r.code());
    assertEquals("replaygate: " + bad + ": line 2: field 'input_length': expected an integer, got string \"x\"\n",
        r.err());
    try (Stream<Path> left = Files.list(outDir)) {
      assertEquals(0, left.count());
    }
  }

  @Test
  void convert_thenInspect_roundTripsThroughEveryOutputFormat() {
    for (String ext : List.of("parquet", "arrow", "arrows", "jsonl")) {
      Path out = tmp.resolve("s." + ext);
      Result c = run("convert", "-q", "sample:coding-agent", out.toString());
      assertEquals(0, c.code(), c.err());
      assertEquals("", c.out());
      Result i = run("inspect", out.toString());
      assertEquals(0, i.code(), i.err());
      assertTrue(i.out().contains("records        2,000"), ext);
    }
  }

  @Test
  void convert_unsortedSource_needsSort_andSortFixesIt() throws IOException {
    Path in = tmp.resolve("u.jsonl");
    Files.writeString(in, "{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [1]}\n"
        + "{\"timestamp\": 2, \"input_length\": 1, \"output_length\": 2, \"hash_ids\": [1]}\n");
    Path out = tmp.resolve("s.jsonl");
    Result plain = run("convert", in.toString(), out.toString());
    assertEquals(2, plain.code());
    assertTrue(plain.err().contains("not in arrival order") && plain.err().contains("--sort"), plain.err());
    Result sorted = run("convert", "--sort", in.toString(), out.toString());
    assertEquals(0, sorted.code(), sorted.err());
    Result check = run("sql", "--csv", "SELECT arrival_us, output_tokens FROM trace", out.toString());
    assertEquals("arrival_us,output_tokens\n2000,2\n5000,1\n", check.out());
  }

  @Test
  void sql_jsonAndTable_outputs() {
    String trace = FIXTURES.resolve("bailian.jsonl").toString();
    Result json = run("sql", "--json", "SELECT session_id, count(*) AS n FROM trace GROUP BY 1 ORDER BY 1", trace);
    assertEquals(0, json.code(), json.err());
    assertEquals("{\"session_id\":\"10\",\"n\":3}\n{\"session_id\":\"11\",\"n\":1}\n", json.out());
    Result table = run("sql", "SELECT block_hashes FROM trace WHERE request_id = '12'", trace);
    assertEquals("block_hashes   \n---------------\n[1, 2, 3, 4, 5]\n(1 row)\n", table.out());
  }

  @Test
  void sql_sampleName_isATrace_andTablesShortenWideCellsAndPrintBlobsAsHex() {
    Result r = run("sql", "SELECT count(*) AS n, any_value(block_hashes) FILTER (WHERE len(block_hashes) = 611) AS h, "
        + "'ab'::BLOB AS b FROM trace", "sample:coding-agent");
    assertEquals(0, r.code(), r.err());
    String row = r.out().lines().toList().get(2);
    assertTrue(row.startsWith("2000  [") && row.contains(", … (611 items)]") && row.endsWith("\\x6162"), row);
    assertTrue(row.length() < 100, "shortened: " + row);
    Result json = run("sql", "--json", "SELECT len(block_hashes) AS n FROM trace LIMIT 1", "sample:coding-agent");
    assertTrue(json.out().matches("\\{\"n\":\\d+}\n"), json.out());
  }

  @Test
  void sql_runDirectory_tablesAreViews_andNothingElseIsReadable() throws IOException {
    Path runDir = tmp.resolve("run");
    Result replay = run("replay", FIXTURES.resolve("mooncake.jsonl").toString(), "--out", runDir.toString(), "--path",
        "managed:anthropic/claude-sonnet-4-5", "--path", "managed:openai/gpt-5", "--price-date", "2026-08-01", "-q");
    assertEquals(0, replay.code(), replay.err());
    Result r = run("sql", "--csv", "SELECT path, count(*) AS n FROM outcomes GROUP BY 1 ORDER BY 1", runDir.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("path,n\nmanaged:anthropic/claude-sonnet-4-5,4\nmanaged:openai/gpt-5,4\n", r.out());
    Result two = run("sql", "--csv", "SELECT (SELECT count(*) FROM costs) = (SELECT count(*) FROM costs_2) AS same",
        runDir.toString(), runDir.toString());
    assertEquals("same\ntrue\n", two.out(), two.err());
    Result other = run("sql", "SELECT * FROM read_text('" + FIXTURES.resolve("bailian.jsonl") + "')", runDir.toString());
    assertEquals(2, other.code());
    assertTrue(other.err().contains("disabled by configuration"), other.err());
    Result notRun = run("sql", "SELECT 1", tmp.toString());
    assertEquals(2, notRun.code());
    assertTrue(notRun.err().contains("not a run directory"), notRun.err());
  }

  @Test
  void sql_badQuery_exits2WithOneLine() {
    Result r = run("sql", "SELEC nonsense", FIXTURES.resolve("bailian.jsonl").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("replaygate: SQL error: "), r.err());
    assertEquals(1, r.err().lines().count());
  }

  @Test
  void badUsage_exits2() {
    assertEquals(2, run("inspect", "--no-such-option").code());
    assertEquals(2, run("convert", "only-one-arg").code());
    assertEquals(2, run("inspect", "--format", "nope", FIXTURES.resolve("bailian.jsonl").toString()).code());
    Result missing = run("inspect", tmp.resolve("missing.jsonl").toString());
    assertEquals(2, missing.code());
    assertEquals("replaygate: " + tmp.resolve("missing.jsonl") + ": no such file\n", missing.err());
  }

  @Test
  void hashSalt_neverAppearsInAnyOutput() throws IOException {
    String salt = "salt-that-must-stay-secret-0042";
    Path out = tmp.resolve("g.jsonl");
    Result r = run("convert", "--hash-salt", salt, FIXTURES.resolve("gateway.jsonl").toString(), out.toString());
    assertEquals(0, r.code(), r.err());
    Result i = run("inspect", "--json", "--hash-salt", salt, FIXTURES.resolve("gateway.jsonl").toString());
    for (String text : List.of(r.out(), r.err(), i.out(), i.err(), Files.readString(out))) {
      assertFalse(text.contains(salt));
      assertFalse(text.contains("SECRET-PROMPT-TEXT"));
    }
  }

  @Test
  void hashSalt_sameSalt_sameHashes_otherwiseDifferent() throws IOException {
    String gw = FIXTURES.resolve("gateway.jsonl").toString();
    Path a = tmp.resolve("a.jsonl");
    Path b = tmp.resolve("b.jsonl");
    Path c = tmp.resolve("c.jsonl");
    run("convert", "--hash-salt", "one", gw, a.toString());
    run("convert", "--hash-salt", "one", gw, b.toString());
    run("convert", "--hash-salt", "two", gw, c.toString());
    assertEquals(Files.readString(a), Files.readString(b));
    assertFalse(Files.readString(a).equals(Files.readString(c)));
  }

  @Test
  void version_and_help() {
    Result v = run("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("replaygate "), v.out());
    Result h = run("--help");
    assertTrue(h.out().contains("Exit codes:"), h.out());
  }
}
