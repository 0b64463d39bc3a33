package io.replaygate.replay.output;

import io.replaygate.replay.core.Outcome;
import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code outcomes.parquet}: one row per request per path, as {@link Outcome} defines the columns. */
public final class OutcomeTable implements Consumer<Outcome>, AutoCloseable {
  public static final List<Column> COLUMNS = List.of(
      new Column("path", Type.STRING, false),
      new Column("request_index", Type.INT64, false),
      new Column("request_id", Type.STRING, true),
      new Column("arrival_us", Type.INT64, false),
      new Column("tenant", Type.STRING, true),
      new Column("model_path", Type.STRING, false),
      new Column("served_by", Type.STRING, true),
      new Column("fallback", Type.BOOLEAN, false),
      new Column("failover", Type.BOOLEAN, false),
      new Column("input_tokens", Type.INT32, false),
      new Column("cache_read_tokens", Type.INT64, false),
      new Column("cache_write_5m_tokens", Type.INT64, false),
      new Column("cache_write_1h_tokens", Type.INT64, false),
      new Column("output_tokens", Type.INT32, false),
      new Column("queue_delay_ms", Type.DOUBLE, false),
      new Column("ttft_ms", Type.DOUBLE, true),
      new Column("tpot_ms", Type.DOUBLE, true),
      new Column("e2e_ms", Type.DOUBLE, true),
      new Column("status", Type.STRING, false),
      new Column("retries", Type.INT32, false),
      new Column("observed_cached_tokens", Type.INT32, true),
      new Column("observed_ttft_ms", Type.DOUBLE, true),
      new Column("observed_e2e_ms", Type.DOUBLE, true),
      new Column("gpu_hit_tokens", Type.INT64, true),
      new Column("host_hit_tokens", Type.INT64, true),
      new Column("pool_hit_tokens", Type.INT64, true));

  /**
   * Columns of values mostly distinct row to row, written without a dictionary ({@code ParquetRows.open}). Prompt
   * lengths ({@code input_tokens}) are among them: on the busiest million of a generated week every row group's
   * dictionary for them fell back to plain on its first page, after hashing each value.
   */
  static final java.util.Set<String> DISTINCT = java.util.Set.of("request_index", "request_id", "arrival_us",
      "input_tokens", "queue_delay_ms", "ttft_ms", "tpot_ms", "e2e_ms", "observed_ttft_ms", "observed_e2e_ms");

  private final ParquetTable table;

  public OutcomeTable(Path file) throws IOException {
    table = new ParquetTable(file, COLUMNS, Map.of(), DISTINCT);
  }

  @Override
  public void accept(Outcome o) {
    try {
      table.write(o.path(), o.requestIndex(), o.requestId(), o.arrivalUs(), o.tenant(), o.modelPath(), o.servedBy(),
          o.fallback(), o.failover(), o.inputTokens(), o.cacheReadTokens(), o.cacheWrite5mTokens(),
          o.cacheWrite1hTokens(), o.outputTokens(), o.queueDelayMs(), orNull(o.ttftMs()), orNull(o.tpotMs()),
          orNull(o.e2eMs()), o.status(), o.retries(), o.observedCachedTokens(),
          o.observedTtftMs() == null ? null : o.observedTtftMs().doubleValue(),
          o.observedE2eMs() == null ? null : o.observedE2eMs().doubleValue(),
          o.tiers() == null ? null : o.tiers().gpu(), o.tiers() == null ? null : o.tiers().host(),
          o.tiers() == null ? null : o.tiers().pool());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  @Override
  public void close() throws IOException {
    table.close();
  }
}
