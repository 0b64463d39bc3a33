package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.TraceFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --limit, --duration and --sample: what a replay drives, the same for every path. */
class SelectingReaderTest {
  @TempDir
  Path dir;

  private List<TraceRecord> read(SelectingReader.Selection s) throws Exception {
    Path f = dir.resolve("t.jsonl");
    if (!Files.exists(f)) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 400; i++) { // 40 sessions of 10 turns, one second apart
        lines.add("{\"arrival_us\": " + (1_772_445_600_000_000L + i * 1_000_000L) + ", \"model_path\": \"a/m\", "
            + "\"session_id\": \"s" + (i % 40) + "\", \"input_tokens\": 10, \"output_tokens\": 1, \"status\": \"ok\"}");
      }
      Files.write(f, lines);
    }
    return Traces.readAll(new SelectingReader(TraceFormat.JSONL.open(List.of(f), ReadOptions.DEFAULTS), s));
  }

  @Test
  void limit_duration_andWholeSessionSample() throws Exception {
    assertEquals(25, read(new SelectingReader.Selection(25L, null, null, 1)).size());
    assertEquals(61, read(new SelectingReader.Selection(null, 60_000_000L, null, 1)).size(), "0 .. 60 s inclusive");
    List<TraceRecord> sampled = read(new SelectingReader.Selection(null, null, 0.25, 7));
    Map<String, Integer> turns = new TreeMap<>();
    sampled.forEach(r -> turns.merge(r.sessionId(), 1, Integer::sum));
    assertTrue(turns.values().stream().allMatch(n -> n == 10), "sessions are kept whole: " + turns);
    assertTrue(turns.size() >= 4 && turns.size() <= 18, "about a quarter of 40 sessions: " + turns.size());
    assertEquals(turns.keySet(), new TreeMap<>(read(new SelectingReader.Selection(null, null, 0.25, 7)).stream()
        .collect(java.util.stream.Collectors.groupingBy(TraceRecord::sessionId,
            java.util.stream.Collectors.summingInt(r -> 1)))).keySet(), "seeded: the same sessions again");
  }
}
