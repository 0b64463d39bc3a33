package io.replaygate.trace.format.canonical;

import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The column names and order of the canonical trace (schema version 1), shared by the JSONL, Parquet
 * and Arrow forms and by SQL. Types: {@code arrival_us} int64; token counts int32; latencies float32;
 * {@code block_hashes} list&lt;int64&gt;; the rest UTF-8 strings. Only {@link #REQUIRED} may not be null.
 */
public final class CanonicalSchema {
  public static final String ARRIVAL_US = "arrival_us";
  public static final String REQUEST_ID = "request_id";
  public static final String TENANT = "tenant";
  public static final String MODEL_PATH = "model_path";
  public static final String MODEL = "model";
  public static final String PROVIDER = "provider";
  public static final String SESSION_ID = "session_id";
  public static final String INPUT_TOKENS = "input_tokens";
  public static final String OUTPUT_TOKENS = "output_tokens";
  public static final String CACHED_TOKENS = "cached_tokens";
  public static final String CACHE_WRITE_TOKENS = "cache_write_tokens";
  public static final String BLOCK_HASHES = "block_hashes";
  public static final String TTFT_MS = "ttft_ms";
  public static final String E2E_MS = "e2e_ms";
  public static final String STATUS = "status";
  public static final String SLO_CLASS = "slo_class";

  /** All columns, in file order. */
  public static final List<String> COLUMNS = List.of(ARRIVAL_US, REQUEST_ID, TENANT, MODEL_PATH, MODEL,
      PROVIDER, SESSION_ID, INPUT_TOKENS, OUTPUT_TOKENS, CACHED_TOKENS, CACHE_WRITE_TOKENS, BLOCK_HASHES,
      TTFT_MS, E2E_MS, STATUS, SLO_CLASS);

  /** Columns every record has. */
  public static final List<String> REQUIRED = List.of(ARRIVAL_US, MODEL_PATH, INPUT_TOKENS, OUTPUT_TOKENS);

  /** The JSONL header line's key; its value is the metadata object. */
  public static final String JSONL_HEADER_KEY = "replaygate_trace";

  /** Prefix of the metadata keys in Parquet footers and Arrow schema metadata. */
  public static final String KEY_PREFIX = "replaygate.";

  private CanonicalSchema() {}

  /**
   * The trace metadata stored under {@link #KEY_PREFIX} in a Parquet footer or an Arrow schema; other keys
   * (the writer's own) are ignored. A file without any is {@link TraceMetadata#unlabelled unlabelled}.
   */
  static TraceMetadata fromFileKeys(Map<String, String> keys, TraceInputException.Where where, String format) {
    Map<String, String> ours = new HashMap<>();
    if (keys != null) {
      keys.forEach((k, v) -> {
        if (k != null && k.startsWith(KEY_PREFIX)) {
          String key = k.substring(KEY_PREFIX.length());
          if (v == null) { // a footer key/value pair may leave the value out (found by fuzzing)
            throw where.error(key, "a footer key without a value");
          }
          ours.put(key, v);
        }
      });
    }
    return ours.isEmpty() ? TraceMetadata.unlabelled(format) : TraceMetadata.fromProperties(ours, where);
  }
}
