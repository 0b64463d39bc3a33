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
  private String pushedBack;
  private boolean sawContent;

  protected AbstractJsonLinesReader(Path file, ReadOptions options) {
    this(file, options, Map.of());
  }

  protected AbstractJsonLinesReader(Path file, ReadOptions options, Map<String, String> sourceFields) {
    super(file, options, sourceFields);
  }

  /** Parses one object; {@code p} is positioned on its {@code START_OBJECT}. */
  protected abstract TraceRecord parseObject(JsonParser p) throws IOException;

  /** The next non-blank line, or {@code null} at the end; a file without any is an error ("empty file"). */
  protected final String nextNonBlankLine() {
    if (pushedBack != null) {
      String line = pushedBack;
      pushedBack = null;
      return line;
    }
    String line;
    do {
      line = source.nextLine();
    } while (line != null && line.isBlank());
    if (line == null && !sawContent) {
      sawContent = true; // report it once
      throw new TraceInputException(source.file(), null, null, "empty file");
    }
    sawContent = true;
    return line;
  }

  /** Returns a line to be read again by the next {@link #readNext()}. */
  protected final void pushBack(String line) {
    pushedBack = line;
  }

  @Override
  protected TraceRecord readNext() {
    String line = nextNonBlankLine();
    if (line == null) {
      return null;
    }
    try (JsonParser p = JsonFields.FACTORY.createParser(line)) {
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

  /** The unknown-field error every strict JSON format raises. */
  protected TraceInputException unknownField(String name, String known) {
    return error(name, "unknown field (known: " + known + ")");
  }
}
