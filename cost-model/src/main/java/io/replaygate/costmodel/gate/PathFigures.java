package io.replaygate.costmodel.gate;

import io.replaygate.costmodel.ledger.WindowValues;
import java.util.List;

/**
 * What the gate needs to know of one replayed path (the replay and the cost model produce it).
 *
 * @param path                     the path's name
 * @param kind                     managed, BYOK, BYOC or hybrid
 * @param perWindowCost            USD per ledger window over the same windows as every other path
 * @param sloAttainment            share of requests meeting the TTFT and TPOT targets (DESIGN §1a), 0..1
 * @param errorRate                share of requests that failed (after any fallback), 0..1
 * @param businessHoursUtilisation capacity utilisation in business hours (work served ÷ what the provisioned
 *                                 fleet could serve at saturation within the SLO); null for paths without GPUs
 * @param fallbackConfigured       a managed fallback takes overflow when the cluster is short
 * @param lanes                    the model paths a hybrid path serves on its own GPUs
 */
public record PathFigures(String path, Kind kind, WindowValues perWindowCost, double sloAttainment, double errorRate,
    Double businessHoursUtilisation, boolean fallbackConfigured, List<String> lanes) {

  /** The kinds of path. */
  public enum Kind { MANAGED, BYOK, BYOC, HYBRID }

  public PathFigures {
    lanes = List.copyOf(lanes);
    if (sloAttainment < 0 || sloAttainment > 1 || errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("SLO attainment and error rate are shares in 0..1");
    }
  }

  public double totalCost() {
    return perWindowCost.total();
  }
}
