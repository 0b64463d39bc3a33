package io.replaygate.trace.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.replaygate.trace.TraceInputException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Typed reads of JSON values from a streaming parser: a wrong type, an out-of-range number or a
 * non-finite float is a {@link TraceInputException} naming the field, never a Jackson exception.
 */
public final class JsonFields {

  /** One factory for every JSON reader: duplicate keys are errors, numbers and nesting are bounded. */
  public static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).maxNumberLength(64).build())
      .build();

  private final AbstractTraceReader at;
  private long[] buffer = new long[64];

  public JsonFields(AbstractTraceReader at) {
    this.at = at;
  }

  /** Describes the current token for messages. */
  public static String describe(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case VALUE_STRING -> "string \"" + abbreviate(p.getText()) + "\"";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number " + p.getText();
      case VALUE_TRUE, VALUE_FALSE -> "boolean " + p.getText();
      case VALUE_NULL -> "null";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> t.toString();
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }

  /** An integer that fits in a long; floats with an integral value are accepted. */
  public long longValue(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw at.error(field, "integer out of range: " + p.getText());
      }
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
      throw at.error(field, "expected an integer, got " + describe(p));
    }
    throw at.error(field, "expected an integer, got " + describe(p));
  }

  /** An integer within int range. */
  public int intValue(JsonParser p, String field) throws IOException {
    long v = longValue(p, field);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw at.error(field, "integer out of range: " + v);
    }
    return (int) v;
  }

  /** A finite number. */
  public double doubleValue(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw at.error(field, "expected a number, got " + describe(p));
    }
    double d = p.getDoubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw at.error(field, "expected a finite number, got " + p.getText());
    }
    return d;
  }

  /** A string, or {@code null} for JSON null. Numbers are accepted as their text (ids are often numeric). */
  public String stringOrNull(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    return switch (t) {
      case VALUE_NULL -> null;
      case VALUE_STRING, VALUE_NUMBER_INT -> p.getText();
      default -> throw at.error(field, "expected a string, got " + describe(p));
    };
  }

  /** An integer or {@code null}. */
  public Integer intOrNull(JsonParser p, String field) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : intValue(p, field);
  }

  /** A finite float or {@code null}. */
  public Float floatOrNull(JsonParser p, String field) throws IOException {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : (float) doubleValue(p, field);
  }

  /** An array of integers (the current token must be its start), or {@code null} for JSON null. */
  public long[] longArrayOrNull(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw at.error(field, "expected an array of integers, got " + describe(p));
    }
    int n = 0;
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw at.error(field, "element " + n + ": expected an integer, got " + describe(p));
      }
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw at.error(field, "element " + n + ": integer out of range: " + p.getText());
      }
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, n * 2);
      }
      buffer[n++] = p.getLongValue();
    }
    return Arrays.copyOf(buffer, n);
  }

  /** Positions {@code p} on its first token, which must open an object. */
  public void expectObject(JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t != JsonToken.START_OBJECT) {
      throw at.error(null, "expected a JSON object, got " + describe(p));
    }
  }

  /** Fails unless nothing but whitespace follows the object just read. */
  public void expectEnd(JsonParser p) throws IOException {
    if (p.nextToken() != null) {
      throw at.error(null, "unexpected content after the JSON object");
    }
  }

  /** A Jackson parse failure as a typed error at the current place. */
  public TraceInputException malformed(IOException e) {
    // The parser's own message quotes the text it choked on (prompt text, a key): say where, never what.
    if (e instanceof com.fasterxml.jackson.core.JacksonException j && j.getLocation() != null
        && j.getLocation().getColumnNr() > 0) {
      return at.error(null, "malformed JSON at column " + j.getLocation().getColumnNr());
    }
    return at.error(null, "malformed JSON");
  }
}
