package io.replaygate.trace.format;

import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Several files read as one trace: a k-way merge by arrival (ties keep input order). The inputs must agree
 * on what their times and hashes mean: the same time origin and block size; capabilities are those all
 * inputs have. File-local hash ids ({@link TraceFormat#fileLocalHashIds()}) are namespaced per input.
 */
public final class MergingTraceReader extends AbstractTraceReader {
  private final List<TraceReader> inputs;
  private final List<HashNamespace> namespaces;
  private final TraceMetadata metadata;
  private final PriorityQueue<Head> heads = new PriorityQueue<>(
      Comparator.comparingLong((Head h) -> h.record.arrivalUs()).thenComparingInt(h -> h.input));
  private Head last;

  private MergingTraceReader(List<TraceReader> inputs, List<HashNamespace> namespaces, ReadOptions options) {
    super(options);
    this.inputs = inputs;
    this.namespaces = namespaces;
    this.metadata = merge(inputs);
    for (int i = 0; i < inputs.size(); i++) {
      advance(i);
    }
  }

  /** Opens each file with {@code format} (or its own detected format when {@code format} is null). */
  public static MergingTraceReader of(List<Path> files, TraceFormat format, ReadOptions options) {
    List<TraceReader> readers = new ArrayList<>();
    List<HashNamespace> namespaces = new ArrayList<>();
    try {
      for (int i = 0; i < files.size(); i++) {
        TraceFormat f = format != null ? format : FormatDetector.detect(files.get(i));
        readers.add(f.openOne(files.get(i), options));
        namespaces.add(f.fileLocalHashIds() ? new HashNamespace(i + 1L) : null);
      }
      return new MergingTraceReader(readers, namespaces, options);
    } catch (RuntimeException e) {
      readers.forEach(TraceReader::close);
      throw e;
    }
  }

  @Override
  public java.util.Map<String, Long> ignoredFields() {
    java.util.Map<String, Long> all = new java.util.TreeMap<>();
    inputs.forEach(r -> r.ignoredFields().forEach((k, v) -> all.merge(k, v, Long::sum)));
    return all;
  }

  /** Merges readers opened elsewhere (e.g. by a log mapping) by arrival; none has file-local hash ids. */
  public static MergingTraceReader ofReaders(List<TraceReader> readers, ReadOptions options) {
    List<HashNamespace> namespaces = new ArrayList<>();
    readers.forEach(r -> namespaces.add(null));
    return new MergingTraceReader(readers, namespaces, options);
  }

  private static TraceMetadata merge(List<TraceReader> inputs) {
    TraceMetadata first = inputs.get(0).metadata();
    Capabilities caps = first.capabilities();
    String formats = first.sourceFormat();
    for (TraceReader r : inputs.subList(1, inputs.size())) {
      TraceMetadata m = r.metadata();
      if (m.timeOrigin() != first.timeOrigin()) {
        throw new TraceInputException(null, null, "time_origin", "cannot combine " + r.location()
            + " (" + m.timeOrigin().wireName() + " time) with " + inputs.get(0).location() + " ("
            + first.timeOrigin().wireName() + " time)");
      }
      if (m.capabilities().blockHashes() && first.capabilities().blockHashes()
          && !Objects.equals(m.blockTokens(), first.blockTokens())) {
        throw new TraceInputException(null, null, "block_tokens", "cannot combine traces with "
            + first.blockTokens() + "- and " + m.blockTokens() + "-token blocks");
      }
      caps = caps.intersect(m.capabilities());
      if (!formats.equals(m.sourceFormat())) {
        formats = "mixed";
      }
    }
    return new TraceMetadata(TraceMetadata.SCHEMA_VERSION, caps.blockHashes() ? first.blockTokens() : null,
        first.hashScope(), first.timeOrigin(), formats, first.timezone(),
        caps.blockHashes() ? first.blockCountRule() : io.replaygate.trace.BlockCountRule.APPROXIMATE, caps);
  }

  private void advance(int input) {
    TraceReader r = inputs.get(input);
    if (r.hasNext()) {
      TraceRecord rec = r.next();
      HashNamespace ns = namespaces.get(input);
      if (ns != null && rec.blockHashes() != null) {
        rec = rec.withBlockHashes(ns.apply(rec.blockHashes()));
      }
      if (!metadata.capabilities().blockHashes() && rec.blockHashes() != null) {
        rec = rec.withBlockHashes(null); // not every input has hashes: the combined trace claims none
      }
      heads.add(new Head(input, rec));
    }
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord readNext() {
    Head h = heads.poll();
    if (h == null) {
      return null;
    }
    last = h;
    advance(h.input);
    return h.record;
  }

  @Override
  public String location() {
    return last == null ? inputs.get(0).location() : inputs.get(last.input).location();
  }

  @Override
  protected Path currentFile() {
    return null;
  }

  @Override
  protected String currentPosition() {
    return location();
  }

  @Override
  public TraceInputException.Where where() {
    return new TraceInputException.Where(null, location());
  }

  @Override
  protected boolean checksRecords() {
    return false;
  }

  @Override
  protected void release() {
    inputs.forEach(TraceReader::close);
  }

  private record Head(int input, TraceRecord record) {}
}
