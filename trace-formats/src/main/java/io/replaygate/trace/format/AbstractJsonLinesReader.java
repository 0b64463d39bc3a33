package io.replaygate.trace.format;

import com.fasterxml.jackson.core.JsonParser;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Plumbing of the JSON-lines formats: one JSON object per line, blank lines ignored, each line parsed
 * with a streaming parser. A malformed line is one problem and {@code validate} goes on with the next.
 */
public abstract class AbstractJsonLinesReader extends AbstractTextReader {

  protected final JsonFields json = new JsonFields(this);
  private boolean pushedBack;
  private boolean sawContent;

  protected AbstractJsonLinesReader(Path file, ReadOptions options) {
    this(file, options, Map.of());
  }

  protected AbstractJsonLinesReader(Path file, ReadOptions options, Map<String, String> sourceFields) {
    super(file, options, sourceFields);
  }

  /** Parses one object; {@code p} is positioned on its {@code START_OBJECT}. */
  protected abstract TraceRecord parseObject(JsonParser p) throws IOException;

  /**
   * Moves to the next non-blank line ({@link TextSource#bytes()}); {@code false} at the end. A file
   * without any is an error ("empty file").
   */
  protected final boolean nextNonBlank() {
    if (pushedBack) {
      pushedBack = false;
      return true;
    }
    boolean found;
    do {
      found = source.advance();
    } while (found && source.blank());
    if (!found && !sawContent) {
      sawContent = true; // report it once
      throw new TraceInputException(source.file(), null, null, "empty file");
    }
    sawContent = true;
    return found;
  }

  /**
   * The first line's object, read ahead to sniff what the log carries (its capabilities) and served again as
   * the first record; an empty missing node when it is not a JSON object — the malformed line is reported, with
   * its number, when it is read as a record.
   */
  protected final com.fasterxml.jackson.databind.JsonNode peekFirstObject(
      com.fasterxml.jackson.databind.ObjectMapper mapper) {
    com.fasterxml.jackson.databind.JsonNode n = null;
    if (nextNonBlank()) {
      pushBack();
      try {
        n = mapper.readTree(source.bytes(), 0, source.length());
      } catch (IOException | RuntimeException e) {
        n = null;
      }
    }
    return n != null && n.isObject() ? n : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  /** Makes the next {@link #nextNonBlank()} serve the current line again. */
  protected final void pushBack() {
    pushedBack = true;
  }

  @Override
  protected TraceRecord readNext() {
    if (!nextNonBlank()) {
      return null;
    }
    // Parsed from the raw bytes: Jackson validates the UTF-8 as it goes, with no String in between.
    try (JsonParser p = JsonFields.FACTORY.createParser(source.bytes(), 0, source.length())) {
      json.expectObject(p);
      TraceRecord record = parseObject(p);
      json.expectEnd(p);
      return record;
    } catch (TraceInputException e) {
      throw e;
    } catch (IOException e) {
      throw json.malformed(e);
    }
  }

}
