package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.replay.output.ParquetTable;
import io.replaygate.replay.output.ParquetTable.Column;
import io.replaygate.replay.output.ParquetTable.Type;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code plan.parquet}: one row per cell, in the plan's order (group, then replica count). Its columns, defined once
 * here and in {@link CellResult.Figures}:
 * <ul>
 *   <li>{@code cell} (1-based), {@code group}, {@code search} ({@code grid} or {@code bisection});</li>
 *   <li>one text column per varied dimension, named as in the plan file, holding the value as written;</li>
 *   <li>{@code status} ({@code ok}, {@code pruned}: it cannot hold the model, {@code failed}) and {@code detail};</li>
 *   <li>{@code cost_usd}, {@code monthly_usd}, {@code baseline_monthly_usd}, {@code savings},
 *       {@code savings_lower}, {@code savings_upper}, {@code slo_attainment}, {@code baseline_slo_attainment},
 *       {@code error_rate}, {@code business_hours_capacity_utilization}, {@code fallback_token_share},
 *       {@code peak_replicas}, {@code provisioned_gpu_hours} (null unless {@code ok});</li>
 *   <li>{@code gate} ({@code passed}, or the rules failed, comma-separated), {@code on_frontier}, {@code winner},
 *       {@code seed} (the cell's), {@code scenario} (the cell's scenario file, which {@code run --scenario} accepts).</li>
 * </ul>
 * The footer carries the plan: source, objective, budget, seed, baseline, path, grid size and combinations run.
 */
public final class PlanTable {
  private PlanTable() {}

  /** The figure columns after the dimensions and the status. */
  static final List<Column> FIGURES = List.of(new Column("cost_usd", Type.DOUBLE, true),
      new Column("monthly_usd", Type.DOUBLE, true), new Column("baseline_monthly_usd", Type.DOUBLE, true),
      new Column("savings", Type.DOUBLE, true), new Column("savings_lower", Type.DOUBLE, true),
      new Column("savings_upper", Type.DOUBLE, true), new Column("slo_attainment", Type.DOUBLE, true),
      new Column("baseline_slo_attainment", Type.DOUBLE, true), new Column("error_rate", Type.DOUBLE, true),
      new Column("business_hours_capacity_utilization", Type.DOUBLE, true),
      new Column("fallback_token_share", Type.DOUBLE, true), new Column("peak_replicas", Type.INT32, true),
      new Column("provisioned_gpu_hours", Type.DOUBLE, true), new Column("gate", Type.STRING, true),
      new Column("on_frontier", Type.BOOLEAN, false), new Column("winner", Type.BOOLEAN, false),
      new Column("seed", Type.INT64, false), new Column("scenario", Type.STRING, false));

  /** The varied dimensions' names, in the plan's order (a bisected replica range last). */
  public static List<String> dimensions(PlanSpec spec) {
    List<String> names = new ArrayList<>();
    spec.axes().forEach(a -> names.add(a.dimension().wireName()));
    if (spec.replicas() != null) {
      names.add(PlanDimension.REPLICAS.wireName());
    }
    return names;
  }

  public static void write(PlanSpec spec, Planner.Outcome o, Path file, Map<String, String> more) throws IOException {
    List<String> dims = dimensions(spec);
    List<Column> cols = new ArrayList<>(List.of(new Column("cell", Type.INT32, false),
        new Column("group", Type.INT32, false), new Column("search", Type.STRING, false)));
    dims.forEach(d -> cols.add(new Column(d, Type.STRING, true)));
    cols.add(new Column("status", Type.STRING, false));
    cols.add(new Column("detail", Type.STRING, true));
    cols.addAll(FIGURES);
    Map<String, String> footer = new LinkedHashMap<>();
    footer.put("replaygate.plan.source", spec.source());
    footer.put("replaygate.plan.objective", spec.objective().wireName());
    footer.put("replaygate.plan.budget", Integer.toString(spec.budget()));
    footer.put("replaygate.plan.seed", Long.toString(spec.seed()));
    footer.put("replaygate.plan.baseline", spec.baseline());
    footer.put("replaygate.plan.path", spec.path());
    if (spec.deployment() != null) {
      footer.put("replaygate.plan.deployment", spec.deployment());
    }
    footer.put("replaygate.plan.groups_in_grid", Integer.toString(o.groupsInGrid()));
    footer.put("replaygate.plan.groups_run", Integer.toString(o.groupsRun()));
    footer.putAll(more);
    Set<Integer> frontier = new HashSet<>(o.frontier());
    try (ParquetTable t = new ParquetTable(file, cols, footer)) {
      for (int i = 0; i < o.cells().size(); i++) {
        CellResult r = o.cells().get(i);
        List<Object> row = new ArrayList<>(List.of(i + 1, r.cell().group(), r.cell().search()));
        for (String d : dims) {
          JsonNode v = r.cell().settings().get(d);
          row.add(v == null ? null : v.isValueNode() ? v.asText() : v.toString());
        }
        row.add(r.status().wireName());
        row.add(r.detail());
        CellResult.Figures f = r.figures();
        if (f == null) {
          for (int k = 0; k < 14; k++) {
            row.add(null);
          }
        } else {
          row.addAll(java.util.Arrays.asList(f.costUsd(), f.monthlyUsd(), f.baselineMonthlyUsd(), f.savings(),
              f.savingsLower(), f.savingsUpper(), f.sloAttainment(), f.baselineSlo(), f.errorRate(), f.utilisation(),
              f.fallbackTokenShare(), f.replicas(), f.gpuHours(),
              f.failedRules().isEmpty() ? "passed" : String.join(",", f.failedRules())));
        }
        row.add(frontier.contains(i));
        row.add(i == o.winner());
        row.add(r.cell().seed());
        row.add(r.cell().scenario());
        t.write(row.toArray());
      }
    }
  }
}
