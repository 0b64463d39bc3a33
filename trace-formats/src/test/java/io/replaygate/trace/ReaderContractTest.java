package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.format.FormatDetector;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every registered reader keeps, run over one input of each format. */
class ReaderContractTest {
  @TempDir
  static Path tmp;

  /** One input per registered format: the fixtures, plus the canonical binary forms written from one. */
  static Stream<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (Fixture f : Fixture.values()) {
      out.add(new Case(f.name(), f.format, f.paths(), f.options()));
    }
    List<TraceRecord> canonical = Traces.readAll(Fixture.CANONICAL_JSONL.open());
    TraceMetadata meta;
    try (TraceReader r = Fixture.CANONICAL_JSONL.open()) {
      meta = r.metadata();
    }
    for (OutputFormat of : List.of(OutputFormat.PARQUET, OutputFormat.ARROW, OutputFormat.ARROW_STREAM)) {
      Path file = tmp.resolve("canonical" + of.extension());
      Traces.write(file, of, meta, canonical);
      out.add(new Case(of.name(), TraceFormat.byName(of.wireName()).orElseThrow(), List.of(file),
          ReadOptions.DEFAULTS));
    }
    return out.stream();
  }

  record Case(String name, TraceFormat format, List<Path> files, ReadOptions options) {
    TraceReader open() {
      return format.open(files, options);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Test
  void everyRegisteredFormat_hasAContractCase() {
    Set<TraceFormat> covered = EnumSet.noneOf(TraceFormat.class);
    cases().forEach(c -> covered.add(c.format()));
    assertEquals(EnumSet.allOf(TraceFormat.class), covered);
  }

  @ParameterizedTest
  @MethodSource("cases")
  void read_anyFormat_yieldsRecordsInArrivalOrderThatKeepTheRules(Case c) {
    try (TraceReader r = c.open()) {
      TraceMetadata meta = r.metadata();
      assertNotNull(meta);
      assertEquals(TraceMetadata.SCHEMA_VERSION, meta.schemaVersion());
      long last = Long.MIN_VALUE;
      int n = 0;
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        n++;
        assertTrue(rec.arrivalUs() >= last, "arrival order at record " + n);
        last = rec.arrivalUs();
        assertNotNull(rec.modelPath());
        if (rec.blockHashes() != null || !c.format().promptsMayBeMissing()) {
          assertEquals(meta.capabilities().blockHashes(), rec.blockHashes() != null,
              "block_hashes presence follows the capability");
        }
        if (rec.blockHashes() != null) {
          assertTrue(meta.blockCountRule().accepts(rec.blockCount(), rec.inputTokens(), meta.blockTokens()));
        }
        assertNotNull(r.location());
      }
      assertTrue(n > 0, "fixture has records");
      assertFalse(r.hasNext());
      assertThrows(NoSuchElementException.class, r::next);
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void detect_anyFixture_findsItsFormat(Case c) {
    for (Path file : c.files()) {
      assertEquals(c.format(), FormatDetector.detect(file));
    }
  }

  @ParameterizedTest
  @MethodSource("cases")
  void close_twice_isHarmless(Case c) {
    TraceReader r = c.open();
    r.close();
    r.close();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void read_twice_givesTheSameRecords(Case c) {
    // Determinism: no hidden state (random salts are fixed by the case's options).
    assertEquals(Traces.readAll(c.open()), Traces.readAll(c.open()));
  }
}
