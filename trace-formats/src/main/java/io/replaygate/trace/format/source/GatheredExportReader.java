package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTraceReader;
import io.replaygate.trace.format.JsonFields;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * An export that is not in arrival order — observability tools write what ended first, or list newest first —
 * read whole and served by start time. The file is a sequence of JSON values (one per line, or one document,
 * {@code .gz} allowed); {@link #collect} turns each into items with their start; after the last, the items
 * are sorted by start (stable: file order breaks ties) and {@link #map}ped to records as they are read, so a
 * mapping that needs its predecessors (a conversation chain) sees them first. Memory follows one file's items:
 * split a large export into files (several inputs merge by arrival).
 *
 * @param <T> what is kept per item until it is read (a finished record, or the source row)
 */
abstract class GatheredExportReader<T> extends AbstractTraceReader {
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);

  /** One item: its start, where it is (for errors) and what {@link #map} needs. */
  record Item<T>(long startUs, int line, String path, T value) {}

  private final Path file;
  private final List<Item<T>> items = new ArrayList<>();
  private int next;
  private String position = "line 1";

  GatheredExportReader(Path file, ReadOptions options) {
    super(options);
    this.file = file;
  }

  /**
   * Reads and sorts the file: call at the end of the subclass's constructor (after its own fields are set).
   *
   * @param what the export's name, for the malformed-JSON message ("not an OTLP JSON export")
   */
  protected final void gather(String what) {
    try (InputStream in = open(file); MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(in)) {
      boolean any = false;
      while (it.hasNextValue()) {
        int line = it.getCurrentLocation().getLineNr();
        JsonNode doc = it.nextValue();
        any = true;
        position = "line " + line;
        collect(doc, line);
      }
      if (!any) {
        throw new TraceInputException(file, null, null, "empty file");
      }
    } catch (TraceInputException e) {
      throw e;
    } catch (IOException e) {
      throw malformed(e, what);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io) {
        throw malformed(io, what);
      }
      throw e;
    }
    items.sort(Comparator.comparingLong(Item::startUs));
    position = "line 1";
  }

  /** Adds the items of one JSON value of the file (which starts on {@code line}). */
  protected abstract void collect(JsonNode doc, int line);

  /** The record of an item, at its turn (errors name its line and path: {@link #at}). */
  protected abstract TraceRecord map(Item<T> item);

  /** One row of a document, with its path in it ({@code data[3]}, {@code [3]}, or empty for a bare row). */
  @FunctionalInterface
  protected interface RowSink {
    void row(JsonNode row, String path);
  }

  /**
   * The rows of one JSON value: an API page ({@code {"data": [...]}}, told from a row by lacking
   * {@code rowKey}), a JSON array, or one bare row.
   */
  protected final void rows(JsonNode doc, int line, String rowKey, RowSink sink) {
    JsonNode list = doc.isObject() && doc.has("data") && !doc.has(rowKey) ? doc.get("data") : doc;
    String prefix = list == doc ? "" : "data";
    if (list != doc && !list.isArray()) {
      throw at(line, "data", "expected an array of rows");
    }
    if (!list.isArray()) {
      sink.row(doc, "");
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      sink.row(list.get(i), prefix + "[" + i + "]");
    }
  }

  /** What finished records show: any block hashes, sessions, cache usage, latency, tenants (models always). */
  static Capabilities observed(List<Item<TraceRecord>> items) {
    boolean hashes = false;
    boolean sessions = false;
    boolean cache = false;
    boolean latency = false;
    boolean tenants = false;
    for (Item<TraceRecord> item : items) {
      TraceRecord r = item.value();
      hashes |= r.blockHashes() != null;
      sessions |= r.sessionId() != null;
      cache |= r.cachedTokens() != null || r.cacheWriteTokens() != null;
      latency |= r.ttftMs() != null || r.e2eMs() != null;
      tenants |= r.tenant() != null;
    }
    return new Capabilities(hashes, sessions, cache, latency, tenants, true);
  }

  protected final void add(long startUs, int line, String path, T value) {
    items.add(new Item<>(startUs, line, path, value));
  }

  /** The items gathered, in start order (for capabilities). */
  protected final List<Item<T>> items() {
    return items;
  }

  /** An error at an item's place: its line and its path in the document. */
  protected final TraceInputException at(int line, String path, String problem) {
    return new TraceInputException(file, "line " + line, path, problem);
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in, 1 << 16)
        : in;
  }

  /** Malformed JSON, located — never the parser's message, which quotes the text it choked on. */
  private TraceInputException malformed(IOException e, String what) {
    if (e instanceof com.fasterxml.jackson.core.JacksonException j && j.getLocation() != null) {
      return new TraceInputException(file, "line " + j.getLocation().getLineNr(), null,
          "malformed JSON at column " + j.getLocation().getColumnNr() + " (not " + what + ")", e);
    }
    return new TraceInputException(file, null, null, "unreadable (" + e.getClass().getSimpleName() + ")", e);
  }

  @Override
  protected final TraceRecord readNext() {
    if (next >= items.size()) {
      return null;
    }
    Item<T> item = items.get(next);
    items.set(next++, null); // read once: let the row (and its bodies) go
    position = "line " + item.line() + ", " + item.path();
    return map(item);
  }

  @Override
  protected final Path currentFile() {
    return file;
  }

  @Override
  protected final String currentPosition() {
    return position;
  }

  @Override
  protected void release() {
    items.clear();
  }
}
