package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.gate.ActivationGate;
import io.replaygate.costmodel.gate.GateThresholds;
import io.replaygate.costmodel.gate.RuleResult;
import io.replaygate.replay.Replay;
import io.replaygate.replay.TraceSource;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.replay.verdict.VerdictDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * The real cell: the cell's scenario loaded as {@code run --scenario} would load it, pruned if a deployment cannot
 * hold the model, else replayed over the trace (outputs in a scratch directory, deleted after) and put through the
 * gate {@code run} applies, with the same thresholds. Any failure is the cell's, in one line; the plan goes on.
 */
public final class ReplayCell implements Planner.CellRunner {
  private final TraceSource trace;
  private final PriceCatalog catalog;
  private final java.util.function.Function<Scenario, LocalDate> priceDate;
  private final GateThresholds gate;
  private final String baseline;
  private final String path;
  private final Path work;

  /**
   * @param priceDate the prices' date of a cell's scenario (the CLI decides: --price-date, the scenario's, a varied
   *                  price_date)
   * @param work      a directory for the cells' scratch outputs
   */
  public ReplayCell(TraceSource trace, PriceCatalog catalog,
      java.util.function.Function<Scenario, LocalDate> priceDate, GateThresholds gate,
      String baseline, String path, Path work) {
    this.trace = trace;
    this.catalog = catalog;
    this.priceDate = priceDate;
    this.gate = gate;
    this.baseline = baseline;
    this.path = path;
    this.work = work;
  }

  @Override
  public CellResult run(PlanCell cell) {
    Scenario s;
    try {
      s = ScenarioLoader.parse(cell.scenario(), "plan cell (" + cell.describe() + ")");
      String unfit = unfit(s);
      if (unfit != null) {
        return new CellResult(cell, CellResult.Status.PRUNED, unfit, null);
      }
    } catch (RuntimeException e) {
      return failed(cell, e);
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory(work, "cell-");
      LocalDate date = priceDate.apply(s);
      Replay.Result res = Replay.run(trace, s, catalog, date, cell.seed(), dir.resolve("run"));
      return new CellResult(cell, CellResult.Status.OK, null, figures(res));
    } catch (IOException | RuntimeException e) {
      return failed(cell, e);
    } finally {
      if (dir != null) {
        try {
          io.replaygate.trace.InFlight.discard(dir);
        } catch (IOException e) {
          // Scratch: the plan's work directory is removed whole at the end.
        }
      }
    }
  }

  /** Why a deployment of the cell cannot hold its model (tensor parallelism, memory), or {@code null}. */
  static String unfit(Scenario s) {
    ModelTable models = ModelTable.bundled().with(s.servingModels());
    for (Scenario.PathConfig p : s.paths()) {
      if (p.cluster() == null) {
        continue;
      }
      for (ClusterConfig.Deployment d : p.cluster().deployments()) {
        try {
          ClusterPathSimulator.shape(d, models, GpuCatalog.bundled());
        } catch (IllegalArgumentException e) {
          return e.getMessage();
        }
      }
    }
    return null;
  }

  private CellResult.Figures figures(Replay.Result res) {
    VerdictDocument.Decision d = VerdictDocument.decide(res, baseline, gate);
    ActivationGate.Evaluated e = d.evaluated().stream().filter(x -> x.candidate().path().equals(path)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(path + " is not a BYOC or hybrid path the gate weighs"));
    JsonNode p = VerdictDocument.summaryPath(res, path);
    JsonNode b = VerdictDocument.summaryPath(res, baseline);
    double inputTokens = p.path("input_tokens").asDouble();
    double fallbackTokens = p.path("fallback_served").path("input_tokens").asDouble();
    int replicas = 0;
    for (JsonNode dep : p.path("cluster").path("deployments")) {
      replicas += dep.path("peak_replicas").asInt();
    }
    List<String> failed = e.rules().stream().filter(r -> !r.passed()).map(RuleResult::rule).toList();
    var f = e.figures();
    return new CellResult.Figures(f.candidateCost(), p.path("monthly_projection").path("usd").asDouble(),
        b.path("monthly_projection").path("usd").asDouble(), f.savings().estimate(), f.savings().lower(),
        f.savings().upper(), f.sloCandidate(), f.sloBaseline(), f.errorCandidate(), f.businessHoursUtilisation(),
        inputTokens > 0 ? fallbackTokens / inputTokens : 0, replicas,
        p.path("cluster").path("provisioned_gpu_hours").asDouble(), failed);
  }

  private static CellResult failed(PlanCell cell, Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    return new CellResult(cell, CellResult.Status.FAILED, m, null);
  }
}
