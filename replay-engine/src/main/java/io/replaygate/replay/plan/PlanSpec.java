package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A plan, as read from its file ({@code examples/plan.yaml}).
 *
 * @param source    the plan file, for messages
 * @param base      the base scenario as a YAML tree (a scenario file, or the default scenario's baseline and BYOC path)
 * @param path      the path varied (a BYOC or hybrid path of {@code base})
 * @param baseline  the path savings are measured against (a priced managed path of {@code base})
 * @param deployment the deployment of {@code path} its deployment-level dimensions vary, when the path lists
 *                  {@code deployments:}; {@code null} for a path of one deployment (its keys at the path's level)
 * @param axes      the dimensions varied, each with its values, in the file's order (a grid)
 * @param replicas  a replica range searched by bisection, or {@code null}
 * @param objective what wins
 * @param budget    the most replays the plan may run; a larger grid is sampled with {@code seed} [200]
 * @param seed      the plan's seed: the sample, and every cell's own seed
 */
public record PlanSpec(String source, ObjectNode base, String path, String baseline, String deployment,
    List<Axis> axes, Range replicas, Objective objective, int budget, long seed) {

  /** The budget when the plan sets none. */
  public static final int DEFAULT_BUDGET = 200;

  public PlanSpec {
    axes = List.copyOf(axes);
    if (budget < 1) {
      throw new IllegalArgumentException("a plan's budget is at least one replay");
    }
  }

  /** One dimension and the values it takes. */
  public record Axis(PlanDimension dimension, List<JsonNode> values) {
    public Axis {
      values = List.copyOf(values);
    }
  }

  /** Replica counts {@code min..max}, both included. */
  public record Range(int min, int max) {
    public Range {
      if (min < 1 || max < min) {
        throw new IllegalArgumentException("a replica range needs 1 ≤ min ≤ max");
      }
    }

    /** Replays a bisection over the range takes at most: the top, then halving. */
    public int probes() {
      return 1 + (32 - Integer.numberOfLeadingZeros(max - min));
    }
  }

  /** What wins. */
  public enum Objective {
    /**
     * The cheapest configuration (monthly cost) that passes every gate rule; a replica range is bisected for the
     * smallest fleet meeting the SLO.
     */
    CHEAPEST,
    /**
     * The frontier of monthly cost against SLO attainment over every configuration (a replica range is swept whole,
     * fleets that miss the SLO included); the winner is the cheapest frontier configuration passing every rule.
     */
    PARETO;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
