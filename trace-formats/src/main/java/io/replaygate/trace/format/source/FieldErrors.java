package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.trace.TraceInputException;
import java.util.Locale;

/** Errors at a reader's current place (its file and line), for a field named in the source's own terms. */
@FunctionalInterface
interface FieldErrors {
  TraceInputException at(String field, String problem);

  /** The string at {@code parent.key}, or null where it is absent or JSON null; reported as {@code key}. */
  default String text(JsonNode parent, String key) {
    return text(parent, key, key);
  }

  /**
   * The string at {@code parent.key}, or null where it is absent or JSON null; any other value is an error at
   * {@code field} that names the type only: a misplaced value may be prompt text, which never reaches a message.
   */
  default String text(JsonNode parent, String key, String field) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw at(field, "expected a string, got " + type(v));
    }
    return v.asText();
  }

  /** A bad value as a message may show it: a number as written, anything else by its JSON type, never its text. */
  static String describe(JsonNode v) {
    return v.isNumber() ? v.toString() : type(v);
  }

  /** A value's JSON type in lower case ({@code string}, {@code object}, ...). */
  static String type(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
