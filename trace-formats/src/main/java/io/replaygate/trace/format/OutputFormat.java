package io.replaygate.trace.format;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.format.canonical.ArrowTraceWriter;
import io.replaygate.trace.format.canonical.JsonlTraceWriter;
import io.replaygate.trace.format.canonical.ParquetTraceWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The canonical forms replaygate writes, registered by name and file extension. */
public enum OutputFormat {
  JSONL("jsonl", ".jsonl", JsonlTraceWriter::new),
  PARQUET("parquet", ".parquet", ParquetTraceWriter::new),
  ARROW("arrow", ".arrow", (file, meta) -> new ArrowTraceWriter(file, meta, false)),
  ARROW_STREAM("arrows", ".arrows", (file, meta) -> new ArrowTraceWriter(file, meta, true));

  /** Creates a writer for one file. */
  @FunctionalInterface
  public interface Factory {
    TraceWriter create(Path file, TraceMetadata metadata) throws IOException;
  }

  private final String wireName;
  private final String extension;
  private final Factory factory;

  OutputFormat(String wireName, String extension, Factory factory) {
    this.wireName = wireName;
    this.extension = extension;
    this.factory = factory;
  }

  public String wireName() {
    return wireName;
  }

  public String extension() {
    return extension;
  }

  public TraceWriter create(Path file, TraceMetadata metadata) throws IOException {
    return factory.create(file, metadata);
  }

  /** The format a file name asks for by its extension ({@code .feather} is Arrow's file form too). */
  public static Optional<OutputFormat> fromFileName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".feather")) {
      return Optional.of(ARROW);
    }
    for (OutputFormat f : values()) {
      if (name.endsWith(f.extension)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  public static Optional<OutputFormat> byName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (OutputFormat f : values()) {
      if (f.wireName.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
