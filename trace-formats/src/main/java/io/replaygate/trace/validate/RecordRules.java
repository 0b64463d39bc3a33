package io.replaygate.trace.validate;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;

/**
 * The per-record rules of the canonical schema. Every reader applies them (through
 * {@link io.replaygate.trace.format.AbstractTraceReader}), so a bad value in any format is reported with
 * the source's own field name and place.
 *
 * <ul>
 *   <li>token counts are non-negative and below {@link #MAX_INPUT_TOKENS} / {@link #MAX_OUTPUT_TOKENS}
 *       (larger values are not a real request: a unit or parsing mistake upstream);</li>
 *   <li>{@code cached_tokens}, {@code cache_write_tokens} and their sum lie within {@code input_tokens};</li>
 *   <li>the number of block hashes follows the trace's {@link io.replaygate.trace.BlockCountRule};</li>
 *   <li>latencies are finite, non-negative, and {@code ttft_ms ≤ e2e_ms};</li>
 *   <li>{@code status} is one of {@link TraceRecord#STATUSES}; {@code model_path} is not blank;
 *       {@code arrival_us} is not negative; on the calendar (epoch time) it lies between 1990 and 2200, and a
 *       trace spans at most {@link #MAX_RELATIVE_SPAN_US} (one year) from its first record (checked by the reader,
 *       which sees the first) — anything else is a unit mistake (ms read as µs, ns as ms) that would otherwise make
 *       a replay of centuries.</li>
 * </ul>
 */
public final class RecordRules {

  /** Above any context window offered in 2026 (10M tokens). */
  public static final int MAX_INPUT_TOKENS = 10_000_000;
  /** Above any output limit offered in 2026. */
  public static final int MAX_OUTPUT_TOKENS = 1_000_000;

  /** 1990-01-01 and 2200-01-01 in µs since the epoch: the calendar a real trace lies in. */
  public static final long MIN_EPOCH_US = 631_152_000_000_000L;
  public static final long MAX_EPOCH_US = 7_258_118_400_000_000L;
  /** The longest a trace may span from its first record: one year (365 days). */
  public static final long MAX_RELATIVE_SPAN_US = 365L * 86_400 * 1_000_000;

  /** Receives one broken rule: the canonical field and what is wrong. */
  @FunctionalInterface
  public interface Reporter {
    void report(String canonicalField, String problem);
  }

  private RecordRules() {}

  /** Checks one record; reports each broken rule. Reports nothing for a good record. */
  public static void check(TraceRecord r, TraceMetadata meta, Reporter out) {
    if (r.arrivalUs() < 0) {
      out.report("arrival_us", "must not be negative, got " + r.arrivalUs());
    } else if (meta.timeOrigin() == io.replaygate.trace.TimeOrigin.EPOCH
        && (r.arrivalUs() < MIN_EPOCH_US || r.arrivalUs() >= MAX_EPOCH_US)) {
      out.report("arrival_us", "outside the calendar range 1990..2200 (" + r.arrivalUs() + " µs since the epoch): a "
          + "time unit mistake?");
    }
    if (r.modelPath() == null || r.modelPath().isBlank()) {
      out.report("model_path", "is required and must not be blank");
    } else if (r.modelPath().chars().anyMatch(Character::isISOControl)) {
      out.report("model_path", "contains a control character");
    }
    tokens(out, "input_tokens", r.inputTokens(), MAX_INPUT_TOKENS);
    tokens(out, "output_tokens", r.outputTokens(), MAX_OUTPUT_TOKENS);
    Integer cached = r.cachedTokens();
    Integer written = r.cacheWriteTokens();
    if (cached != null) {
      within(out, "cached_tokens", cached, r.inputTokens());
    }
    if (written != null) {
      within(out, "cache_write_tokens", written, r.inputTokens());
    }
    if (cached != null && written != null && cached >= 0 && written >= 0
        && (long) cached + written > r.inputTokens()) {
      out.report("cache_write_tokens", "cached_tokens + cache_write_tokens = " + ((long) cached + written)
          + " exceeds input_tokens " + r.inputTokens());
    }
    long[] hashes = r.blockHashes();
    if (hashes != null) {
      Integer blockTokens = meta.blockTokens();
      if (blockTokens == null) {
        out.report("block_hashes", "present but the trace's block_tokens is unknown");
      } else if (r.inputTokens() >= 0
          && !meta.blockCountRule().accepts(hashes.length, r.inputTokens(), blockTokens)) {
        out.report("block_hashes", hashes.length + " hashes, expected "
            + meta.blockCountRule().describe(r.inputTokens(), blockTokens));
      }
    }
    latency(out, "ttft_ms", r.ttftMs());
    latency(out, "e2e_ms", r.e2eMs());
    if (r.ttftMs() != null && r.e2eMs() != null && r.ttftMs() > r.e2eMs()) {
      out.report("ttft_ms", "time to first token " + r.ttftMs() + " ms exceeds end-to-end " + r.e2eMs() + " ms");
    }
    if (r.status() != null && !TraceRecord.STATUSES.contains(r.status())) {
      out.report("status", "unknown status '" + r.status() + "' (allowed: ok, error, rate_limited)");
    }
  }

  private static void tokens(Reporter out, String field, int value, int max) {
    if (value < 0) {
      out.report(field, "must not be negative, got " + value);
    } else if (value > max) {
      out.report(field, "absurd value " + value + " (more than " + max + ")");
    }
  }

  private static void within(Reporter out, String field, int value, int input) {
    if (value < 0) {
      out.report(field, "must not be negative, got " + value);
    } else if (value > input) {
      out.report(field, value + " exceeds input_tokens " + input);
    }
  }

  private static void latency(Reporter out, String field, Float value) {
    if (value != null && (value.isNaN() || value.isInfinite() || value < 0)) {
      out.report(field, "must be a finite, non-negative number of ms, got " + value);
    }
  }
}
