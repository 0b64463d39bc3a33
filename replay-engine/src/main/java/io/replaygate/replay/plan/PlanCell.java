package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * One configuration of a plan: one replay.
 *
 * @param group    which combination of the grid's values (a bisection's probes share one)
 * @param search   how it was chosen: {@code grid}, or {@code bisection} (a probe of a replica range)
 * @param settings each varied dimension's value, in the plan's order (replicas included)
 * @param scenario the cell's scenario file (YAML): the base with the settings written in, only the baseline and the
 *                 varied path kept — what {@code run --scenario} accepts for the winner
 * @param seed     the cell's own seed, from the plan's seed and {@code settings}
 */
public record PlanCell(int group, String search, Map<String, JsonNode> settings, String scenario, long seed) {
  public PlanCell {
    settings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings));
  }

  /** The settings in words, {@code gpu=H100-SXM-80GB tensor_parallel=4 …}, for progress and errors. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    settings.forEach((k, v) -> b.append(b.isEmpty() ? "" : " ").append(k).append('=')
        .append(v.isValueNode() ? v.asText() : v.toString()));
    return b.isEmpty() ? "(the base path)" : b.toString();
  }
}
