package io.replaygate.trace.format.canonical;

import io.replaygate.trace.TraceRecord;
import java.util.Arrays;

/**
 * A mutable record under construction, for columnar readers that receive one column value at a time.
 * Columns are addressed by their index in {@link CanonicalSchema#COLUMNS}.
 */
final class RecordBuilder {
  static final int ARRIVAL = 0, REQUEST_ID = 1, TENANT = 2, MODEL_PATH = 3, MODEL = 4, PROVIDER = 5,
      SESSION_ID = 6, INPUT = 7, OUTPUT = 8, CACHED = 9, CACHE_WRITE = 10, HASHES = 11, TTFT = 12, E2E = 13,
      STATUS = 14, SLO_CLASS = 15;

  long arrival;
  boolean hasArrival;
  final String[] strings = new String[CanonicalSchema.COLUMNS.size()];
  final int[] ints = new int[CanonicalSchema.COLUMNS.size()];
  final boolean[] hasInt = new boolean[CanonicalSchema.COLUMNS.size()];
  final float[] floats = new float[CanonicalSchema.COLUMNS.size()];
  final boolean[] hasFloat = new boolean[CanonicalSchema.COLUMNS.size()];
  /** A value that could not be taken (e.g. out of range), reported by the reader with its row. */
  String problem;
  String problemField;
  private long[] hashes = new long[64];
  private int hashCount = -1;
  /** The whole list, when a reader had it in one piece ({@link #setHashes}): kept as it is, not copied again. */
  private long[] whole;

  void reset() {
    hasArrival = false;
    Arrays.fill(strings, null);
    Arrays.fill(hasInt, false);
    Arrays.fill(hasFloat, false);
    hashCount = -1;
    whole = null;
    problem = null;
    problemField = null;
  }

  void fail(String field, String why) {
    if (problem == null) {
      problemField = field;
      problem = why;
    }
  }

  void setInt(int column, int value) {
    ints[column] = value;
    hasInt[column] = true;
  }

  void setFloat(int column, float value) {
    floats[column] = value;
    hasFloat[column] = true;
  }

  /** Marks {@code block_hashes} present (possibly empty). */
  void startHashes() {
    hashCount = 0;
    whole = null;
  }

  /** The whole {@code block_hashes} list at once; the record takes this array. */
  void setHashes(long[] list) {
    hashCount = list.length;
    whole = list;
  }

  void addHash(long value) {
    if (hashCount == hashes.length) {
      hashes = Arrays.copyOf(hashes, hashCount * 2);
    }
    hashes[hashCount++] = value;
  }

  /** The name of the first required column that is missing, or {@code null}. */
  String missingRequired() {
    if (!hasArrival) {
      return CanonicalSchema.ARRIVAL_US;
    }
    if (strings[MODEL_PATH] == null) {
      return CanonicalSchema.MODEL_PATH;
    }
    if (!hasInt[INPUT]) {
      return CanonicalSchema.INPUT_TOKENS;
    }
    if (!hasInt[OUTPUT]) {
      return CanonicalSchema.OUTPUT_TOKENS;
    }
    return null;
  }

  TraceRecord build() {
    return new TraceRecord(arrival, strings[REQUEST_ID], strings[TENANT], strings[MODEL_PATH], strings[MODEL],
        strings[PROVIDER], strings[SESSION_ID], ints[INPUT], ints[OUTPUT], boxedInt(CACHED),
        boxedInt(CACHE_WRITE), hashCount < 0 ? null : whole != null ? whole : Arrays.copyOf(hashes, hashCount), boxedFloat(TTFT),
        boxedFloat(E2E), strings[STATUS], strings[SLO_CLASS]);
  }

  private Integer boxedInt(int column) {
    return hasInt[column] ? ints[column] : null;
  }

  private Float boxedFloat(int column) {
    return hasFloat[column] ? floats[column] : null;
  }

  /** The kind of value a column holds. */
  enum Kind { INT64, INT32, STRING, FLOAT32, INT64_LIST }

  static Kind kindOf(int column) {
    return switch (column) {
      case ARRIVAL -> Kind.INT64;
      case INPUT, OUTPUT, CACHED, CACHE_WRITE -> Kind.INT32;
      case HASHES -> Kind.INT64_LIST;
      case TTFT, E2E -> Kind.FLOAT32;
      default -> Kind.STRING;
    };
  }
}
