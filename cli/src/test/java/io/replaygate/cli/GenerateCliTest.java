package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.datasets.BundledSample;
import io.replaygate.datasets.Param;
import io.replaygate.datasets.Workload;
import io.replaygate.datasets.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code replaygate generate} through the command line. */
class GenerateCliTest {
  @TempDir
  Path tmp;

  @Test
  void list_printsEveryWorkloadAndParameter_withDefaultAndSource() {
    CliTest.Result r = CliTest.run("generate", "--list");
    assertEquals(0, r.code(), r.err());
    for (Workload w : Workloads.all()) {
      assertTrue(r.out().contains(w.name() + " — "), w.name());
      for (Param p : w.parameters()) {
        assertTrue(r.out().contains("  " + p.name() + " "), p.name());
        assertTrue(r.out().contains("default " + p.defaultValue() + " (range " + p.range() + "); " + p.source()),
            w.name() + "." + p.name());
      }
    }
  }

  /** The bundled samples are exactly what `generate` writes with the arguments they document. */
  @ParameterizedTest
  @EnumSource(BundledSample.class)
  void sample_equalsAFreshGeneration_byteForByte(BundledSample s) throws IOException {
    Path generated = tmp.resolve("generated.parquet");
    Path converted = tmp.resolve("converted.parquet");
    List<String> args = s.generateArgs(generated.toString());
    CliTest.Result g = CliTest.run(args.toArray(String[]::new));
    assertEquals(0, g.code(), g.err());
    CliTest.Result c = CliTest.run("convert", "-q", s.uri(), converted.toString());
    assertEquals(0, c.code(), c.err());
    assertArrayEquals(Files.readAllBytes(converted), Files.readAllBytes(generated));
  }

  @Test
  void generate_mixWeek_inATimezone_writesARecordCountNearRateTimesSpan() {
    Path out = tmp.resolve("mix.jsonl");
    CliTest.Result r = CliTest.run("generate", "chat", out.toString(), "--hours", "2", "--rate", "3",
        "--timezone", "Asia/Tokyo", "--start", "2026-03-02T09:00", "--block-tokens", "16", "--seed", "4");
    assertEquals(0, r.code(), r.err());
    // 3/s over 2 h = 21,600 expected (Poisson, sessions of 1.7 requests: σ ≈ 200).
    long n = Long.parseLong(r.out().replaceAll("(?s)^wrote ([0-9,]+) .*", "$1").replace(",", ""));
    assertEquals(21_600, n, 1_000);
    CliTest.Result i = CliTest.run("inspect", out.toString());
    assertTrue(i.out().contains("2026-03-02T00:0") && i.out().contains("timezone=Asia/Tokyo")
        && i.out().contains("block_tokens=16"), i.out());
  }

  @Test
  void badInput_exits2_withOneLine_andNoFile() throws IOException {
    String out = tmp.resolve("x.parquet").toString();
    String[][] cases = {
        {"generate", "nope", out},
        {"generate", "chat", out, "--param", "colour=red"},
        {"generate", "chat", out, "--param", "mean_turns=0"},
        {"generate", "chat", out, "--param", "mean_turns=many"},
        {"generate", "chat", out, "--rate", "0"},
        {"generate", "chat", out, "--rate", "1e9"},
        {"generate", "chat", out, "--hours", "-1"},
        {"generate", "chat", out, "--records", "0"},
        {"generate", "chat", out, "--block-tokens", "0"},
        {"generate", "chat", out, "--timezone", "Mars/Olympus_Mons"},
        {"generate", "chat", out, "--start", "yesterday"},
        {"generate", "chat", out, "--hours", "1", "--records", "5"},
        {"generate", "chat", tmp.resolve("x.txt").toString()},
        {"generate", "mix", out, "--param", "business_start_hour=18", "--param", "business_end_hour=9"},
        {"generate", "chat"},
    };
    String[] expected = {"unknown workload 'nope' (valid: coding-agent, chat, rag, batch, mix)",
        "unknown parameter 'colour' for workload chat (valid: ", "mean_turns of workload chat must be 1 to 10000",
        "expects a number, got 'many'", "--rate must be > 0", "--rate must be > 0", "--hours must be > 0",
        "--records must be positive", "--block-tokens must be 1 to", "unknown time zone 'Mars/Olympus_Mons'",
        "--start: expected", "mutually exclusive", "cannot tell the output format", "business_end_hour (9) must be after",
        "generate needs a WORKLOAD and an OUT file"};
    for (int i = 0; i < cases.length; i++) {
      CliTest.Result r = CliTest.run(cases[i]);
      assertEquals(2, r.code(), String.join(" ", cases[i]) + "\n" + r.err());
      assertTrue(r.err().contains(expected[i]), String.join(" ", cases[i]) + " → " + r.err());
      assertFalse(r.err().contains("\tat "), "no stack trace");
    }
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(), s.toList(), "no output, no partial file");
    }
  }

  @Test
  void unwritableOutput_exits2_andLeavesNothing() throws IOException {
    Path file = tmp.resolve("a-file");
    Files.writeString(file, "x");
    CliTest.Result r = CliTest.run("generate", "chat", file.resolve("out.parquet").toString(), "--records", "10");
    assertEquals(2, r.code(), r.err());
    assertEquals("replaygate: " + file.resolve("out.parquet") + ": cannot create it: a-file on its path is a file, "
        + "not a directory", r.err().strip());
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(List.of(file), s.toList());
    }
  }
}
