package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input of every kind yields one {@link TraceInputException} naming the file, the line/row and the
 * field, in the source's own terms (Mooncake's {@code input_length}, not {@code input_tokens}).
 */
class BadInputTest {
  @TempDir
  Path tmp;

  static Stream<Arguments> badLines() {
    String good = "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 1, \"hash_ids\": [1, 2]}";
    return Stream.of(
        Arguments.of("malformed JSON", good + "\n{\"timestamp\": 5, \"input_length\": 10,", "line 2", null,
            "malformed JSON"),
        Arguments.of("missing field", good + "\n{\"timestamp\": 5, \"output_length\": 1, \"hash_ids\": [1]}",
            "line 2", "input_length", "missing required field"),
        Arguments.of("wrong type", good + "\n{\"timestamp\": 5, \"input_length\": \"ten\", \"output_length\": 1, "
            + "\"hash_ids\": [1]}", "line 2", "input_length", "expected an integer"),
        Arguments.of("negative tokens", good + "\n{\"timestamp\": 5, \"input_length\": -3, \"output_length\": 1, "
            + "\"hash_ids\": []}", "line 2", "input_length", "must not be negative"),
        Arguments.of("absurd tokens", good + "\n{\"timestamp\": 5, \"input_length\": 2000000000, "
            + "\"output_length\": 1, \"hash_ids\": [1]}", "line 2", "input_length", "absurd value"),
        Arguments.of("hash ids vs block size", good + "\n{\"timestamp\": 5, \"input_length\": 1500, "
            + "\"output_length\": 1, \"hash_ids\": [1, 2]}", "line 2", "hash_ids", "expected ceil(1500/512) = 3"),
        Arguments.of("time going backwards", good + "\n\n{\"timestamp\": -1, \"input_length\": 1, \"output_length\": 1, "
            + "\"hash_ids\": [1]}", "line 3", "timestamp", "not in arrival order"),
        Arguments.of("a relative trace of centuries", good + "\n{\"timestamp\": 100000000000000, \"input_length\": 1, "
            + "\"output_length\": 1, \"hash_ids\": [1]}", "line 2", "timestamp", "spans more than a year"),
        Arguments.of("hash id not an integer", good + "\n{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 1, "
            + "\"hash_ids\": [1.5]}", "line 2", "hash_ids", "element 0"),
        Arguments.of("two objects on a line", good + " {}", "line 1", null, "unexpected content"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badLines")
  void read_badMooncakeLine_namesFileLineAndField(String name, String content, String line, String field,
      String problem) throws IOException {
    Path file = tmp.resolve("bad.jsonl");
    Files.writeString(file, content + "\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.MOONCAKE.open(List.of(file), ReadOptions.DEFAULTS)));
    assertEquals(file, e.file());
    assertEquals(line, e.location());
    assertEquals(field, e.field());
    assertTrue(e.problem().contains(problem), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
  }

  @Test
  void epochTrace_outsideTheCalendar_isATypedError() throws IOException {
    Path f = tmp.resolve("future.jsonl");
    Files.writeString(f, "{\"replaygate_trace\": {\"schema_version\": 1, \"time_origin\": \"epoch\"}}\n"
        + "{\"arrival_us\": 1772445600000000, \"model_path\": \"a/m\", \"input_tokens\": 1, \"output_tokens\": 1, "
        + "\"status\": \"ok\"}\n{\"arrival_us\": 9223372036854775000, \"model_path\": \"a/m\", \"input_tokens\": 1, "
        + "\"output_tokens\": 1, \"status\": \"ok\"}\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.JSONL.open(List.of(f), ReadOptions.DEFAULTS)));
    assertEquals("line 3", e.location());
    assertTrue(e.problem().contains("outside the calendar range 1990..2200"), e.getMessage());
  }

  @Test
  void checksAUserExpects_httpStatusRange_andControlCharactersInModelPaths() throws IOException {
    Path gw = tmp.resolve("gw.jsonl");
    Files.writeString(gw, "{\"timestamp\": 1772445600000, \"http_status\": 999, \"request\": {\"model\": \"m\", "
        + "\"messages\": []}}\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.GATEWAY.open(List.of(gw), ReadOptions.DEFAULTS)));
    assertEquals("http_status", e.field());
    assertTrue(e.problem().contains("100..599"), e.getMessage());
    Path c = tmp.resolve("c.jsonl");
    Files.writeString(c, "{\"arrival_us\": 5, \"model_path\": \"a/\\u001b[31mred\", \"input_tokens\": 1, "
        + "\"output_tokens\": 1, \"status\": \"ok\"}\n");
    TraceInputException m = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.JSONL.open(List.of(c), ReadOptions.DEFAULTS)));
    assertEquals("model_path", m.field());
    assertTrue(m.problem().contains("control character"), m.getMessage());
  }

  @Test
  void detect_gatewayLog_whoseFirstLineHoldsAHugePrompt() throws IOException {
    // 300 KB of prompt before the keys that tell a gateway log: past any fixed head.
    Path f = tmp.resolve("big.jsonl");
    Files.writeString(f, "{\"request\": {\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \""
        + "word ".repeat(60_000) + "\"}]}, \"timestamp\": 1772445600000, \"response\": {\"usage\": {\"prompt_tokens\": "
        + "60000, \"completion_tokens\": 1}}}\n");
    assertEquals(io.replaygate.trace.format.TraceFormat.GATEWAY, io.replaygate.trace.format.FormatDetector.detect(f));
  }

  @Test
  void errors_neverEchoTheInput() throws IOException {
    String secret = "sk-live-NEVER-ECHO-ME";
    Path csv = tmp.resolve("unknown.txt");
    Files.writeString(csv, "my prompt " + secret + ",x,y\n1,2,3\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> io.replaygate.trace.format.FormatDetector.detect(csv));
    assertTrue(e.getMessage().contains("unknown trace format") && e.getMessage().contains("3 comma-separated fields"),
        e.getMessage());
    assertFalse(e.getMessage().contains(secret), e.getMessage());
    Path json = tmp.resolve("bad.jsonl");
    Files.writeString(json, "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [1]}\n"
        + "{\"timestamp\": " + secret + "}\n");
    TraceInputException m = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.MOONCAKE.open(List.of(json), ReadOptions.DEFAULTS)));
    assertTrue(m.getMessage().contains("malformed JSON at column"), m.getMessage());
    assertFalse(m.getMessage().contains("NEVER"), m.getMessage());
  }

  @Test
  void read_unknownField_isCountedAndSkipped_orAnErrorWhenStrict() throws IOException {
    Path file = tmp.resolve("extra.jsonl");
    Files.writeString(file, "{\"timestamp\": 0, \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [1], "
        + "\"prompt\": {\"nested\": [1, 2]}}\n{\"timestamp\": 5, \"input_length\": 1, \"output_length\": 1, "
        + "\"hash_ids\": [2], \"prompt\": \"x\"}\n");
    try (TraceReader r = TraceFormat.MOONCAKE.open(List.of(file), ReadOptions.DEFAULTS)) {
      assertEquals(2, r.drain(), "both records read, the nested value skipped whole");
      assertEquals(java.util.Map.of("prompt", 2L), r.ignoredFields());
    }
    TraceInputException e = assertThrows(TraceInputException.class, () -> Traces.readAll(
        TraceFormat.MOONCAKE.open(List.of(file), ReadOptions.DEFAULTS.withStrict(true))));
    assertEquals("line 1", e.location());
    assertEquals("prompt", e.field());
    assertTrue(e.problem().contains("unknown field (--strict)"), e.getMessage());
  }

  @Test
  void validateMode_collectsEveryProblem_andKeepsReading() throws IOException {
    Path file = tmp.resolve("bad.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"timestamp\": 0, \"input_length\": 600, \"output_length\": 1, \"hash_ids\": [1, 2]}",
        "not json",
        "{\"timestamp\": 9, \"input_length\": -1, \"output_length\": -2, \"hash_ids\": []}",
        "{\"timestamp\": 10, \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [3]}"));
    List<TraceInputException> problems = new ArrayList<>();
    long n;
    try (TraceReader r = TraceFormat.MOONCAKE.open(List.of(file), ReadOptions.DEFAULTS.withProblems(problems::add))) {
      n = r.drain();
    }
    assertEquals(3, n, "the malformed line is skipped, the others are read");
    assertEquals(List.of("line 2", "line 3", "line 3"), problems.stream().map(TraceInputException::location).toList());
    assertEquals(Arrays.asList(null, "input_length", "output_length"),
        problems.stream().map(TraceInputException::field).toList());
  }

  /** Row numbers are 1-based in every binary format, as line numbers are in the text ones. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = OutputFormat.class, names = {"PARQUET", "ARROW", "ARROW_STREAM"})
  void binary_badSecondRecord_isRow2(OutputFormat format) throws IOException {
    List<TraceRecord> records = new ArrayList<>(Traces.readAll(Fixture.CANONICAL_JSONL.open()));
    records.set(1, records.get(1).withArrivalUs(-1)); // before 1990: a typed error at read
    Path file = tmp.resolve("bad" + format.extension());
    Traces.write(file, format, metadata(), records);
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS)));
    assertEquals("row 2", e.location(), e.getMessage());
  }

  @Test
  void parquet_truncated_isTypedError() throws IOException {
    Path good = tmp.resolve("good.parquet");
    Traces.write(good, OutputFormat.PARQUET, metadata(), Traces.readAll(Fixture.CANONICAL_JSONL.open()));
    byte[] bytes = Files.readAllBytes(good);
    Path cut = tmp.resolve("cut.parquet");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(cut, ReadOptions.DEFAULTS)));
    assertEquals(cut, e.file());
    assertTrue(e.problem().contains("not a Parquet file, or truncated"), e.getMessage());
  }

  @Test
  void parquet_notParquetAtAll_isTypedError() throws IOException {
    Path fake = tmp.resolve("fake.parquet");
    Files.writeString(fake, "timestamp,input\n1,2\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(fake, ReadOptions.DEFAULTS)));
    assertTrue(e.problem().contains("not a Parquet file"), e.getMessage());
  }

  @Test
  void arrow_truncated_isTypedError() throws IOException {
    Path good = tmp.resolve("good.arrow");
    Traces.write(good, OutputFormat.ARROW, metadata(), Traces.readAll(Fixture.CANONICAL_JSONL.open()));
    byte[] bytes = Files.readAllBytes(good);
    Path cut = tmp.resolve("cut.arrow");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length - 40));
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(cut, ReadOptions.DEFAULTS)));
    assertEquals(cut, e.file());
  }

  /** 96 seeded mutations of a good Arrow file and stream: each reads, or is a typed error naming the file. */
  @Test
  void arrow_mutated_isReadOrATypedError() throws IOException {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(42);
    for (OutputFormat f : List.of(OutputFormat.ARROW, OutputFormat.ARROW_STREAM)) {
      Path good = tmp.resolve("good" + f.extension());
      Traces.write(good, f, metadata(), Traces.readAll(Fixture.CANONICAL_JSONL.open()));
      byte[] bytes = Files.readAllBytes(good);
      for (int m = 0; m < 48; m++) {
        byte[] bad = bytes.clone();
        for (int k = 0; k < 1 + m % 4; k++) {
          bad[rng.nextInt(bad.length)] = (byte) rng.nextInt(256);
        }
        Path file = tmp.resolve("m" + m + f.extension());
        Files.write(file, bad);
        try {
          Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS));
        } catch (TraceInputException e) {
          assertEquals(file, e.file(), e.getMessage());
          assertFalse(e.getMessage().contains("Exception"), "no Java names: " + e.getMessage());
        }
      }
    }
  }

  /**
   * A batch that declares far more rows than its body holds is refused before Arrow sees it: Arrow sized its vectors
   * by the declared count and allocated (and zeroed) up to the reader's 2 GiB limit for a file of a few kilobytes
   * (found by fuzzing, where it made each execution slow and the process large), then failed as "corrupt".
   */
  @Test
  void arrow_batchDeclaringMoreRowsThanItsBody_isRefusedBeforeAllocating() throws IOException {
    List<TraceRecord> base = Traces.readAll(Fixture.CANONICAL_JSONL.open());
    List<TraceRecord> rows = new ArrayList<>();
    for (int i = 0; i < 777; i++) { // a row count whose 8-byte encoding appears nowhere else in the file
      TraceRecord r = base.get(i % base.size());
      rows.add(r.withArrivalUs(r.arrivalUs() + i * 1_000_003L));
    }
    byte[] count = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(777).array();
    byte[] huge = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(200_000_000)
        .array();
    for (OutputFormat f : List.of(OutputFormat.ARROW, OutputFormat.ARROW_STREAM)) {
      Path good = tmp.resolve("rows" + f.extension());
      Traces.write(good, f, metadata(), rows);
      byte[] bytes = Files.readAllBytes(good);
      int patched = 0;
      for (int at = 0; at + 8 <= bytes.length; at++) {
        if (Arrays.equals(bytes, at, at + 8, count, 0, 8)) {
          System.arraycopy(huge, 0, bytes, at, 8);
          patched++;
        }
      }
      assertTrue(patched >= 2, f + ": the batch's length and its column nodes, found " + patched);
      Path bad = tmp.resolve("huge" + f.extension());
      Files.write(bad, bytes);
      TraceInputException e = assertThrows(TraceInputException.class,
          () -> Traces.readAll(TraceSources.open(bad, ReadOptions.DEFAULTS)), f.name());
      assertEquals(bad, e.file());
      assertTrue(e.problem().contains("declares 200000000 rows in a "), f + ": " + e.getMessage());
    }
  }

  /**
   * A list column whose last offset points far past its values: Arrow sizes the child vector by that offset when it
   * loads the batch, so the reader's memory is capped by the file's size (8 MiB + 8×) and the corrupt batch is a
   * typed error as the batch loads — before, Arrow allocated 800 MB of zeros for a file of a few kilobytes and the
   * reader read two rows of the batch before its decoding noticed.
   */
  @Test
  void arrow_listOffsetPastItsValues_isTypedError() throws Exception {
    Path bad = patchedStream("offset", root -> ((org.apache.arrow.vector.complex.ListVector) root
        .getVector("block_hashes")).getOffsetBuffer().setInt((long) root.getRowCount() * 4, 100_000_000));
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(bad, ReadOptions.DEFAULTS)));
    assertEquals(bad, e.file());
    assertEquals("corrupt or truncated Arrow data at batch 1", e.problem());
    assertEquals(null, e.location(), "refused as the batch loads, before any row of it is read: " + e.getMessage());
  }

  /**
   * A string value whose offsets point past its column's data: the reader checks them before Arrow copies the value
   * (found by fuzzing: {@code VarCharVector.get} allocated the declared length, 2 GB, and ran the heap out).
   */
  @Test
  void arrow_stringOffsetPastItsData_isTypedErrorNamingTheColumn() throws Exception {
    Path bad = patchedStream("string", root -> ((org.apache.arrow.vector.VarCharVector) root.getVector("request_id"))
        .getOffsetBuffer().setInt(4, 2_000_000_000));
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(bad, ReadOptions.DEFAULTS)));
    assertEquals(bad, e.file());
    assertEquals("request_id", e.field());
    assertEquals("row 1", e.location());
    assertTrue(e.problem().startsWith("corrupt or truncated Arrow data at batch 1: the value's offsets (0.."
        + "2000000000) lie outside its column's "), e.getMessage());
  }

  /** The fixture as an Arrow stream, its one batch changed by {@code patch} before it is written. */
  private Path patchedStream(String name, java.util.function.Consumer<org.apache.arrow.vector.VectorSchemaRoot> patch)
      throws Exception {
    Path good = tmp.resolve(name + "-good.arrows");
    Traces.write(good, OutputFormat.ARROW_STREAM, metadata(), Traces.readAll(Fixture.CANONICAL_JSONL.open()));
    Path bad = tmp.resolve(name + ".arrows");
    try (org.apache.arrow.memory.RootAllocator a = new org.apache.arrow.memory.RootAllocator();
         java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(good);
         org.apache.arrow.vector.ipc.ArrowStreamReader r = new org.apache.arrow.vector.ipc.ArrowStreamReader(in, a);
         java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(bad,
             java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      org.apache.arrow.vector.VectorSchemaRoot root = r.getVectorSchemaRoot();
      assertTrue(r.loadNextBatch());
      patch.accept(root);
      try (org.apache.arrow.vector.ipc.ArrowStreamWriter w =
               new org.apache.arrow.vector.ipc.ArrowStreamWriter(root, null, out)) {
        w.start();
        w.writeBatch();
        w.end();
      }
    }
    return bad;
  }

  @Test
  void emptyFile_isTypedError() throws IOException {
    Path empty = tmp.resolve("empty.jsonl");
    Files.writeString(empty, "");
    TraceInputException e = assertThrows(TraceInputException.class, () -> TraceSources.open(empty, ReadOptions.DEFAULTS));
    assertEquals("empty file", e.problem());
  }

  @Test
  void emptyFile_namedFormat_isTypedErrorToo() throws IOException {
    Path blank = tmp.resolve("blank.jsonl");
    Files.writeString(blank, "\n  \n");
    for (TraceFormat f : List.of(TraceFormat.MOONCAKE, TraceFormat.BAILIAN, TraceFormat.GATEWAY, TraceFormat.JSONL,
        TraceFormat.AZURE, TraceFormat.BURSTGPT, TraceFormat.WEKA)) {
      TraceInputException e = assertThrows(TraceInputException.class,
          () -> Traces.readAll(f.open(List.of(blank), ReadOptions.DEFAULTS)), f.name());
      assertTrue(e.problem().startsWith("empty file"), f + ": " + e.getMessage());
    }
  }

  @Test
  void unknownFormat_saysHowToNameIt() throws IOException {
    Path odd = tmp.resolve("odd.txt");
    Files.writeString(odd, "hello world\n");
    TraceInputException e = assertThrows(TraceInputException.class, () -> TraceSources.open(odd, ReadOptions.DEFAULTS));
    assertTrue(e.problem().startsWith("unknown trace format"), e.getMessage());
    assertTrue(e.problem().contains("--format"), e.getMessage());
  }

  @Test
  void missingFile_isTypedError() {
    Path none = tmp.resolve("none.jsonl");
    TraceInputException e = assertThrows(TraceInputException.class, () -> TraceSources.open(none, ReadOptions.DEFAULTS));
    assertEquals("no such file", e.problem());
  }

  @Test
  void csv_badCell_namesColumnAndLine() throws IOException {
    Path file = tmp.resolve("AzureLLMInferenceTrace_x.csv");
    Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.9799600,12,1\n"
        + "2023-11-16 18:17:04.0000000,twelve,1\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS)));
    assertEquals("line 3", e.location());
    assertEquals("ContextTokens", e.field());
  }

  @Test
  void csv_badTimestamp_namesColumn() throws IOException {
    Path file = tmp.resolve("AzureLLMInferenceTrace_x.csv");
    Files.writeString(file, "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-13-16 18:17:03,12,1\n");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS)));
    assertEquals("TIMESTAMP", e.field());
    assertTrue(e.problem().contains("invalid date"), e.getMessage());
  }

  @Test
  void weka_badNestedRequest_namesItsPath() throws IOException {
    Path file = tmp.resolve("w.json");
    Files.writeString(file, "{\"block_size\": 64, \"hash_id_scope\": \"local\", \"requests\": ["
        + "{\"t\": 0, \"type\": \"subagent\", \"agent_id\": \"a1\", \"requests\": ["
        + "{\"t\": 1, \"type\": \"n\", \"model\": \"m\", \"in\": \"x\", \"out\": 1, \"hash_ids\": []}]}]}");
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceFormat.WEKA.open(List.of(file), ReadOptions.DEFAULTS)));
    assertEquals("requests[0].requests[0]", e.location());
    assertEquals("in", e.field());
  }

  @Test
  void convert_badRecordHalfway_leavesNoOutputBehind() throws IOException {
    Path in = tmp.resolve("in.jsonl");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      sb.append("{\"timestamp\": ").append(i).append(", \"input_length\": 1, \"output_length\": 1, \"hash_ids\": [1]}\n");
    }
    sb.append("{\"timestamp\": 2000, \"input_length\": -1, \"output_length\": 1, \"hash_ids\": []}\n");
    Files.writeString(in, sb);
    Path dir = Files.createDirectory(tmp.resolve("out"));
    for (OutputFormat f : OutputFormat.values()) {
      Path out = dir.resolve("t" + f.extension());
      assertThrows(TraceInputException.class, () -> {
        try (TraceReader r = TraceSources.open(in, ReadOptions.DEFAULTS)) {
          TraceConverter.convert(r, out, f, null);
        }
      });
    }
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "no partial or temporary file is left");
    }
  }

  private static TraceMetadata metadata() {
    try (TraceReader r = Fixture.CANONICAL_JSONL.open()) {
      return r.metadata();
    }
  }
}
