package io.replaygate.replay.output;

import io.replaygate.costmodel.ledger.CellKey;
import io.replaygate.costmodel.ledger.TargetUsage;
import io.replaygate.costmodel.ledger.UsageLedger;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ledger.parquet}: the usage ledger, one row per path × window × tenant × model path × target.
 * Token columns are by billing class; {@code long_context_*} columns hold requests billed at the
 * long-context tier. Windows start at {@code window_start_us} and are the ledger's window long.
 */
public final class LedgerTable {
  private static final String[] CLASSES = {"input", "cache_read", "cache_write_5m", "cache_write_1h", "output"};

  public static final List<Column> COLUMNS;

  static {
    List<Column> c = new ArrayList<>(List.of(
        new Column("path", Type.STRING, false),
        new Column("window", Type.INT64, false),
        new Column("window_start_us", Type.INT64, false),
        new Column("tenant", Type.STRING, false),
        new Column("model_path", Type.STRING, false),
        new Column("target", Type.STRING, false),
        new Column("fallback", Type.BOOLEAN, false),
        new Column("service_tier", Type.STRING, false),
        new Column("requests", Type.INT64, false)));
    for (String k : CLASSES) {
      c.add(new Column(k + "_tokens", Type.INT64, false));
    }
    for (String k : CLASSES) {
      c.add(new Column("long_context_" + k + "_tokens", Type.INT64, false));
    }
    c.add(new Column("storage_token_hours", Type.DOUBLE, false));
    COLUMNS = List.copyOf(c);
  }

  private LedgerTable() {}

  /** Writes the cells of {@code paths} (each path's own ledger, in order). */
  public static void write(Path file, List<UsageLedger> ledgers, Map<String, String> footer) throws IOException {
    try (ParquetTable t = new ParquetTable(file, COLUMNS, footer)) {
      for (UsageLedger ledger : ledgers) {
        for (Map.Entry<CellKey, TargetUsage> e : ledger.orderedCells()) {
          CellKey k = e.getKey();
          TargetUsage u = e.getValue();
          TokenCounts s = u.standard();
          TokenCounts l = u.longContext();
          t.write(k.path(), k.window(), ledger.originUs() + k.window() * ledger.windowUs(), k.tenant(), k.modelPath(),
              k.target(), k.fallback(), u.serviceTier().wireName(), u.requests(),
              s.input(), s.cacheRead(), s.cacheWrite5m(), s.cacheWrite1h(), s.output(),
              l.input(), l.cacheRead(), l.cacheWrite5m(), l.cacheWrite1h(), l.output(),
              u.storageTokenHours().doubleValue());
        }
      }
    }
  }
}
