package io.replaygate.replay.output;

import io.replaygate.costmodel.cost.PathCost;
import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code costs.parquet}: each priced path's line items broken down by window, tenant and model path (tidy:
 * path, dimension, key, item, usd). For a path and dimension the rows add up to the path's total.
 */
public final class CostTable {
  public static final List<Column> COLUMNS = List.of(
      new Column("path", Type.STRING, false),
      new Column("dimension", Type.STRING, false),
      new Column("key", Type.STRING, false),
      new Column("item", Type.STRING, false),
      new Column("usd", Type.DOUBLE, false));

  private CostTable() {}

  public static void write(Path file, List<PathCost> costs, Map<String, String> footer) throws IOException {
    try (ParquetTable t = new ParquetTable(file, COLUMNS, footer)) {
      for (PathCost c : costs) {
        for (PathCost.Dimension d : PathCost.Dimension.values()) {
          String dimension = d.name().toLowerCase(java.util.Locale.ROOT);
          try {
            c.breakdown(d, r -> {
              try {
                t.write(c.path(), dimension, r.key(), r.item(), r.usd());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
          } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
          }
        }
      }
    }
  }
}
