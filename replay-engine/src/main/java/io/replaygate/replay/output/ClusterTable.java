package io.replaygate.replay.output;

import io.replaygate.replay.byoc.DeploymentResult;
import io.replaygate.replay.byoc.WindowSeries;
import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code cluster.parquet}: one row per BYOC path × deployment × window. {@code replicas} is the mean number
 * provisioned (replica-seconds ÷ window seconds); {@code gpu_busy_fraction} = busy ÷ provisioned
 * GPU-seconds (GPU utilisation, DESIGN §1a); {@code kv_*_occupancy} = time-weighted blocks in use ÷
 * capacity of the tier ({@code null} where the tier does not exist); {@code hit_ratio} = prompt tokens found
 * in any tier ÷ prompt tokens, of the requests that arrived in the window and the cluster served;
 * {@code turned_away} counts offers the deployment refused (at capacity); {@code work_seconds} the work served
 * (replica-seconds at saturation, {@code ClusterDefaults.workSeconds}) by requests arriving in the window and
 * {@code capacity_utilization} = work ÷ {@code replica_seconds}.
 */
public final class ClusterTable {
  public static final List<Column> COLUMNS = List.of(
      new Column("path", Type.STRING, false),
      new Column("deployment", Type.STRING, false),
      new Column("window", Type.INT64, false),
      new Column("window_start_us", Type.INT64, false),
      new Column("replicas", Type.DOUBLE, false),
      new Column("provisioned_gpu_seconds", Type.DOUBLE, false),
      new Column("busy_gpu_seconds", Type.DOUBLE, false),
      new Column("gpu_busy_fraction", Type.DOUBLE, true),
      new Column("kv_gpu_occupancy", Type.DOUBLE, true),
      new Column("kv_host_occupancy", Type.DOUBLE, true),
      new Column("kv_pool_occupancy", Type.DOUBLE, true),
      new Column("requests", Type.INT64, false),
      new Column("prompt_tokens", Type.INT64, false),
      new Column("gpu_hit_tokens", Type.INT64, false),
      new Column("host_hit_tokens", Type.INT64, false),
      new Column("pool_hit_tokens", Type.INT64, false),
      new Column("hit_ratio", Type.DOUBLE, true),
      new Column("turned_away", Type.INT64, false),
      new Column("replica_seconds", Type.DOUBLE, false),
      new Column("work_seconds", Type.DOUBLE, false),
      new Column("capacity_utilization", Type.DOUBLE, true));

  /** One path's deployments. */
  public record PathRows(String path, List<DeploymentResult> deployments) {}

  private ClusterTable() {}

  public static void write(Path file, List<PathRows> paths, long windowUs, Map<String, String> footer)
      throws IOException {
    try (ParquetTable t = new ParquetTable(file, COLUMNS, footer)) {
      for (PathRows p : paths) {
        for (DeploymentResult d : p.deployments()) {
          WindowSeries s = d.series();
          for (int w = 0; w < s.windows(); w++) {
            double prompt = s.get(w, WindowSeries.PROMPT_TOKENS);
            double hits = s.get(w, WindowSeries.GPU_HIT_TOKENS) + s.get(w, WindowSeries.HOST_HIT_TOKENS)
                + s.get(w, WindowSeries.POOL_HIT_TOKENS);
            t.write(p.path(), d.name(), (long) w, s.windowStartUs(w),
                s.get(w, WindowSeries.REPLICA_SECONDS) / (windowUs / 1e6),
                s.get(w, WindowSeries.PROVISIONED_GPU_SECONDS), s.get(w, WindowSeries.BUSY_GPU_SECONDS),
                share(s.get(w, WindowSeries.BUSY_GPU_SECONDS), s.get(w, WindowSeries.PROVISIONED_GPU_SECONDS)),
                share(s.get(w, WindowSeries.GPU_BLOCK_SECONDS), s.get(w, WindowSeries.GPU_CAPACITY_BLOCK_SECONDS)),
                share(s.get(w, WindowSeries.HOST_BLOCK_SECONDS), s.get(w, WindowSeries.HOST_CAPACITY_BLOCK_SECONDS)),
                share(s.get(w, WindowSeries.POOL_BLOCK_SECONDS), s.get(w, WindowSeries.POOL_CAPACITY_BLOCK_SECONDS)),
                (long) s.get(w, WindowSeries.REQUESTS), (long) prompt, (long) s.get(w, WindowSeries.GPU_HIT_TOKENS),
                (long) s.get(w, WindowSeries.HOST_HIT_TOKENS), (long) s.get(w, WindowSeries.POOL_HIT_TOKENS),
                share(hits, prompt), (long) s.get(w, WindowSeries.TURNED_AWAY),
                s.get(w, WindowSeries.REPLICA_SECONDS), s.get(w, WindowSeries.WORK_SECONDS),
                share(s.get(w, WindowSeries.WORK_SECONDS), s.get(w, WindowSeries.REPLICA_SECONDS)));
          }
        }
      }
    }
  }

  private static Double share(double part, double whole) {
    return whole > 0 ? part / whole : null;
  }
}
