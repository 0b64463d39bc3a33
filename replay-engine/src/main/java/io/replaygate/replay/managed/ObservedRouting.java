package io.replaygate.replay.managed;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.TraceRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routing of the {@code observed} target: each request goes to the provider and model the trace recorded
 * for it ({@code provider}, {@code model}), resolved in the catalog by {@link PriceCatalog#resolve} (dated ids
 * and gateway aliases included) — today's bill, the baseline savings are measured against. One target (one
 * cache, one rate limiter) per catalog entry, made on first use.
 */
public final class ObservedRouting {
  /** The target name that routes by the trace's own provider and model. */
  public static final String TARGET = "observed";

  private final PriceCatalog catalog;
  private final Function<String, Target> targets;
  private final Map<String, Route> byRecorded = new HashMap<>();
  private final Map<String, Route> byId = new HashMap<>();

  /** @param targets builds the path's target for a catalog id */
  public ObservedRouting(PriceCatalog catalog, Function<String, Target> targets) {
    this.catalog = catalog;
    this.targets = targets;
  }

  /** The route of the request's recorded model. */
  public Route route(TraceRecord r, long index) {
    String key = r.provider() + "\u0000" + r.model();
    Route route = byRecorded.get(key);
    if (route == null) {
      String id;
      try {
        id = catalog.resolve(r.provider(), r.model());
      } catch (CatalogException e) {
        throw new TraceInputException(null, null, "model", "request " + index + " (model path '" + r.modelPath()
            + "'): " + e.problem());
      }
      route = byId.computeIfAbsent(id, k -> new Route(k, List.of(targets.apply(k))));
      byRecorded.put(key, route);
    }
    return route;
  }
}
