package io.replaygate.trace.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.Traces;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalSorterTest {
  @TempDir
  Path tmp;

  /** A Mooncake file with shuffled timestamps and many ties; the output line number identifies a record. */
  private Path shuffled(int n) throws IOException {
    SplittableRandom rnd = new SplittableRandom(7);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("{\"timestamp\": ").append(rnd.nextInt(50)).append(", \"input_length\": ").append(i)
          .append(", \"output_length\": 1, \"hash_ids\": [").append(i == 0 ? "" : "0").append("]}\n");
    }
    // input_length 0 ⇒ no hash; other lines one hash id (ceil(i/512) = 1 for 1 ≤ i ≤ 512).
    Path file = tmp.resolve("shuffled.jsonl");
    Files.writeString(file, sb);
    return file;
  }

  @Test
  void unsortedSource_withoutSort_isReported() throws IOException {
    Path file = shuffled(300);
    TraceInputException e = assertThrows(TraceInputException.class,
        () -> Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS)));
    assertEquals("timestamp", e.field());
  }

  @Test
  void sort_smallRuns_equalsStableInMemorySort_andCleansUp() throws IOException {
    Path file = shuffled(500);
    ReadOptions unordered = ReadOptions.DEFAULTS.withAllowUnordered(true);
    List<TraceRecord> expected = new ArrayList<>(Traces.readAll(TraceSources.open(file, unordered)));
    expected.sort(Comparator.comparingLong(TraceRecord::arrivalUs)); // stable
    Path spill = Files.createDirectory(tmp.resolve("spill"));
    for (int run : new int[] {1, 7, 64, 499, 500, 10_000}) {
      try (TraceReader sorted = ExternalSorter.sort(TraceSources.open(file, unordered), spill, run)) {
        assertEquals(expected, Traces.readAll(sorted), "run size " + run);
      }
      try (Stream<Path> left = Files.list(spill)) {
        assertEquals(0, left.count(), "spill files deleted after run size " + run);
      }
    }
  }
}
