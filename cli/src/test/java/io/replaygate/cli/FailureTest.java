package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import org.junit.jupiter.api.Test;

/** Every failure that is not the user's input: one line, a documented exit code, a stack trace only with --debug. */
class FailureTest {
  @org.junit.jupiter.api.io.TempDir
  java.nio.file.Path tmp;

  private static String[] fail(Throwable t, boolean debug) {
    StringWriter s = new StringWriter();
    int code = Main.failure(t, new PrintWriter(s), debug);
    return new String[] {Integer.toString(code), s.toString()};
  }

  @Test
  void outOfMemory_isOneLine_exit2() {
    String[] r = fail(new OutOfMemoryError("Java heap space"), false);
    assertEquals("2", r[0]);
    assertTrue(r[1].startsWith("replaygate: out of memory (the heap's limit is "), r[1]);
    assertEquals(1, r[1].lines().count());
  }

  @Test
  void ioFailures_nameThePath_inWords_exit2() {
    String[] denied = fail(new AccessDeniedException("/runs/out/outcomes.parquet"), false);
    assertEquals("2", denied[0]);
    assertEquals("replaygate: /runs/out/outcomes.parquet: permission denied\n", denied[1].replace("\r", ""));
    String[] full = fail(new java.io.UncheckedIOException(new FileSystemException("/runs/out/x.part", null,
        "No space left on device")), false);
    assertEquals("replaygate: /runs/out/x.part: the disk is full (no space left on device)\n", full[1].replace("\r", ""));
    String[] ro = fail(new FileSystemException("/mnt/ro/t.parquet", null, "Read-only file system"), false);
    assertTrue(ro[1].contains("/mnt/ro/t.parquet: the file system is read-only"), ro[1]);
  }

  @Test
  void bug_isOneLine_withoutJavaNames_traceOnlyWithDebug() {
    String[] quiet = fail(new IllegalStateException("the ledger lost a window"), false);
    assertEquals("3", quiet[0]);
    assertEquals(1, quiet[1].lines().count(), quiet[1]);
    assertFalse(quiet[1].contains("IllegalStateException") || quiet[1].contains("at io.replaygate"), quiet[1]);
    String[] debug = fail(new IllegalStateException("the ledger lost a window"), true);
    assertTrue(debug[1].contains("at io.replaygate"), "--debug prints the trace");
  }

  @Test
  void debugFlag_anywhere_isTakenOff_beforeParsing() {
    CliTest.Result r = CliTest.run("--debug", "formats");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void userErrors_quotingHugeOrControlValues_printOneShortLine() throws Exception {
    // A 2 MB option value with a terminal escape sequence in it, quoted back by the option's parser.
    String value = "9".repeat(2_000_000) + "x\u001b[31m";
    CliTest.Result r = CliTest.run("diagnose", "--cache-curve", value);
    assertEquals(2, r.code());
    assertEquals(1, r.err().lines().count(), "one line");
    assertTrue(r.err().length() < 700 && r.err().contains("more characters)"), r.err().length() + " characters");
    assertFalse(r.err().contains("\u001b"), "no raw escape sequence reaches the terminal");
  }

  @Test
  void mistypedCommand_suggestsTheNearest_andHelpIsACommand() {
    CliTest.Result r = CliTest.run("replya", "x");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Did you mean: replay"), r.err());
    CliTest.Result help = CliTest.run("help", "replay");
    assertEquals(0, help.code(), help.err());
    assertTrue(help.out().contains("Usage: replaygate replay"), help.out());
  }

  @Test
  void formats_asJson_listsEveryReaderAndWriter() throws Exception {
    CliTest.Result r = CliTest.run("formats", "--json");
    assertEquals(0, r.code(), r.err());
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    assertEquals(io.replaygate.trace.format.TraceFormat.values().length, j.path("reads").size());
    assertTrue(j.path("reads").toString().contains("\"helicone\""), j.toString());
    assertEquals(io.replaygate.trace.format.OutputFormat.values().length, j.path("writes").size());
    assertTrue(j.path("mapping_example").asText().contains("input_tokens"));
  }

  /** A bad option value is named by its option, never shown as a zeroed record or a Java class. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "prices quote anthropic/claude-sonnet-4-5 --input -5 --price-date 2026-08-01 | --input",
      "prices quote anthropic/claude-sonnet-4-5 --output -1 --price-date 2026-08-01 | --output",
      "prices quote anthropic/claude-sonnet-4-5 --cache-write-1h -2 --price-date 2026-08-01 | --cache-write-1h",
      "prices quote anthropic/claude-sonnet-4-5 --storage-token-hours -1 --price-date 2026-08-01 | --storage-token-hours",
      "prices quote anthropic/claude-sonnet-4-5 --tier gold --price-date 2026-08-01 | --tier",
      "generate mix OUT --rate -1 | --rate",
      "generate mix OUT --hours 0 | --hours",
      "generate mix OUT --records -5 | --records",
      "generate mix OUT --block-tokens 0 | --block-tokens",
      "generate mix OUT --start nonsense | --start",
      "generate mix OUT --timezone Mars/Base | --timezone",
      "generate mix OUT -p tenants=-3 | tenants"})
  void badOptionValue_namesTheOption_neverARecordOrAClass(String line, String named) {
    String out = tmp.resolve("g.parquet").toString();
    CliTest.Result r = CliTest.run(line.replace("OUT", out).split(" "));
    assertEquals(2, r.code(), r.err());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.contains(named), first);
    assertFalse(first.matches(".*\\b[A-Z][A-Za-z]*\\[[a-z][A-Za-z0-9]*=.*"), "a record's toString: " + first);
    assertFalse(first.matches(".*\\b(java|io\\.replaygate)\\.[a-z]+\\..*|.*Exception.*"), "a Java name: " + first);
    assertFalse(java.nio.file.Files.exists(tmp.resolve("g.parquet")), "nothing written");
  }
}
