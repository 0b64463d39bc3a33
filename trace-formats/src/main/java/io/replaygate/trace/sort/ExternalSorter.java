package io.replaygate.trace.sort;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import io.replaygate.trace.format.TraceWriter;
import io.replaygate.trace.format.canonical.ArrowTraceReader;
import io.replaygate.trace.format.canonical.ArrowTraceWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Sorts a trace by arrival with bounded memory: runs of at most {@code runRecords} records are sorted in
 * memory and spilled to temporary Arrow IPC streams, then merged. The sort is stable (equal arrivals keep
 * source order), so a sorted trace is the same whatever the run size. Spill files are deleted on close.
 */
public final class ExternalSorter {
  /** Default run size: about 100 MB of typical records. */
  public static final int DEFAULT_RUN_RECORDS = 200_000;

  private ExternalSorter() {}

  /**
   * Returns a reader over {@code source}'s records in arrival order. {@code source} should have been
   * opened with {@link ReadOptions#allowUnordered()}.
   */
  public static TraceReader sort(TraceReader source, Path tempDir, int runRecords) {
    TraceMetadata meta = source.metadata();
    List<Path> runs = new ArrayList<>();
    List<TraceRecord> buffer = new ArrayList<>(Math.min(runRecords, 1 << 16));
    try (source) {
      while (source.hasNext()) {
        buffer.add(source.next());
        if (buffer.size() == runRecords) {
          runs.add(spill(buffer, meta, tempDir));
        }
      }
    } catch (RuntimeException e) {
      deleteAll(runs);
      throw e;
    }
    buffer.sort(Comparator.comparingLong(TraceRecord::arrivalUs));
    if (runs.isEmpty()) {
      return new Merge(meta, List.of(), buffer, runs);
    }
    if (!buffer.isEmpty()) {
      runs.add(spill(buffer, meta, tempDir));
    }
    return new Merge(meta, runs, List.of(), runs);
  }

  private static Path spill(List<TraceRecord> buffer, TraceMetadata meta, Path tempDir) {
    buffer.sort(Comparator.comparingLong(TraceRecord::arrivalUs)); // List.sort is stable
    try {
      Path[] run = new Path[1];
      try (TraceWriter w = io.replaygate.trace.InFlight.create(
          () -> run[0] = Files.createTempFile(tempDir, "replaygate-sort-", ".arrows"),
          f -> new ArrowTraceWriter(f, meta, true))) {
        buffer.forEach(w::write);
      }
      buffer.clear();
      return run[0];
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a sort run in " + tempDir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteAll(List<Path> runs) {
    for (Path p : runs) {
      try {
        Files.deleteIfExists(p);
        io.replaygate.trace.InFlight.done(p);
      } catch (IOException ignored) {
        // A temp file left behind is not a result.
      }
    }
  }

  /** Merges sorted runs (or serves the single in-memory run); ties go to the earlier run. */
  private static final class Merge extends AbstractTraceReader {
    private final TraceMetadata meta;
    private final List<ArrowTraceReader> readers = new ArrayList<>();
    private final List<TraceRecord> memory;
    private final List<Path> files;
    private final PriorityQueue<Head> heads = new PriorityQueue<>(
        Comparator.comparingLong((Head h) -> h.record.arrivalUs()).thenComparingInt(h -> h.run));
    private int memoryIndex;
    private long emitted;

    Merge(TraceMetadata meta, List<Path> runs, List<TraceRecord> memory, List<Path> files) {
      super(ReadOptions.DEFAULTS.withAllowUnordered(true));
      this.meta = meta;
      this.memory = memory;
      this.files = files;
      for (int i = 0; i < runs.size(); i++) {
        readers.add(new ArrowTraceReader(runs.get(i), ReadOptions.DEFAULTS, true));
        pull(i);
      }
    }

    private void pull(int i) {
      ArrowTraceReader r = readers.get(i);
      if (r.hasNext()) {
        heads.add(new Head(i, r.next()));
      }
    }

    @Override
    public TraceMetadata metadata() {
      return meta;
    }

    @Override
    protected TraceRecord readNext() {
      emitted++;
      if (readers.isEmpty()) {
        return memoryIndex < memory.size() ? memory.get(memoryIndex++) : null;
      }
      Head h = heads.poll();
      if (h == null) {
        return null;
      }
      pull(h.run);
      return h.record;
    }

    @Override
    protected boolean checksRecords() {
      return false;
    }

    @Override
    protected Path currentFile() {
      return null;
    }

    @Override
    protected String currentPosition() {
      return "sorted record " + emitted;
    }

    @Override
    protected void release() {
      readers.forEach(TraceReader::close);
      deleteAll(files);
    }

    private record Head(int run, TraceRecord record) {}
  }
}
