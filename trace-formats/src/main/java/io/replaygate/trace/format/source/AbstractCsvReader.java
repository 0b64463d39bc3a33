package io.replaygate.trace.format.source;

import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractTextReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plumbing of the CSV formats: a header row naming the columns (matched case-sensitively after trimming),
 * then one request per row. Quoted fields follow RFC 4180. A bad row is one problem and {@code validate}
 * goes on with the next.
 */
abstract class AbstractCsvReader extends AbstractTextReader {
  private final Map<String, Integer> columns = new HashMap<>();
  private final List<String> header;
  private final List<String> cells = new ArrayList<>();

  /**
   * @param required columns that must be present
   * @param optional columns that may be present; any other column is an error
   */
  protected AbstractCsvReader(Path file, ReadOptions options, Map<String, String> sourceFields,
      List<String> required, List<String> optional) {
    super(file, options, sourceFields);
    try {
      String first;
      do {
        first = source.nextLine();
      } while (first != null && first.isBlank());
      if (first == null) {
        throw new TraceInputException(file, null, null, "empty file: expected a CSV header row");
      }
      if (first.startsWith("\uFEFF")) {
        first = first.substring(1);
      }
      this.header = new ArrayList<>(split(first));
      for (int i = 0; i < header.size(); i++) {
        String name = header.get(i).trim();
        header.set(i, name);
        if (!required.contains(name) && !optional.contains(name)) {
          throw error(name, "unknown column (expected " + String.join(", ", required)
              + (optional.isEmpty() ? "" : "; optional " + String.join(", ", optional)) + ")");
        }
        if (columns.put(name, i) != null) {
          throw error(name, "column appears twice");
        }
      }
      for (String name : required) {
        if (!columns.containsKey(name)) {
          throw error(name, "missing required column");
        }
      }
    } catch (TraceInputException e) {
      source.close();
      throw e;
    }
  }

  /** Builds a record from the current row; read cells with {@link #cell(String)}. */
  protected abstract TraceRecord parseRow();

  /** Whether the header has this column. */
  protected final boolean has(String column) {
    return columns.containsKey(column);
  }

  /** The trimmed cell of a column in the current row; {@code null} when the header lacks the column. */
  protected final String cell(String column) {
    Integer i = columns.get(column);
    return i == null ? null : cells.get(i).trim();
  }

  /** A non-negative-or-not integer cell; the rules check the sign. */
  protected final int intCell(String column) {
    String text = cell(column);
    try {
      long v = Long.parseLong(text);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(column, "integer out of range: " + text);
      }
      return (int) v;
    } catch (NumberFormatException e) {
      // Some exports write integral counts as "12.0".
      try {
        double d = Double.parseDouble(text);
        if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
          return (int) d;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw error(column, "expected an integer, got '" + text + "'");
    }
  }

  /** A finite number cell. */
  protected final double numberCell(String column) {
    String text = cell(column);
    try {
      double d = Double.parseDouble(text);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw error(column, "expected a finite number, got '" + text + "'");
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(column, "expected a number, got '" + text + "'");
    }
  }

  @Override
  protected final TraceRecord readNext() {
    String line;
    do {
      line = source.nextLine();
    } while (line != null && line.isBlank());
    if (line == null) {
      return null;
    }
    cells.clear();
    cells.addAll(split(line));
    if (cells.size() != header.size()) {
      throw error(null, "expected " + header.size() + " columns (" + String.join(",", header) + "), found "
          + cells.size());
    }
    return parseRow();
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
  private List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && cur.isEmpty()) {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw error(null, "unterminated quoted field");
    }
    out.add(cur.toString());
    return out;
  }
}
