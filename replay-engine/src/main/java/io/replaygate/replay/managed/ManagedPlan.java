package io.replaygate.replay.managed;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.replay.core.Slo;
import java.util.List;

/**
 * Everything a managed or BYOK path needs, resolved against the catalog.
 *
 * @param path           the path's name
 * @param byok           whether requests use the company's own keys (key quota applies)
 * @param routes         first matching route serves a model path; a model path no route matches is an error
 * @param tier           the service tier requests are sent at
 * @param keyQuotaTokens BYOK: tokens (prompt + output) the company's keys may use per 730-hour month from
 *                       the start of the replay, 0 for no quota; beyond it requests go to {@code fallback}
 * @param fallback       where requests go beyond the key quota (the platform's own key), or {@code null}
 * @param overflow       this plan serves a BYOC path's overflow and unlaned traffic: every request it
 *                       serves is marked as fallback (DESIGN §2: priced at list)
 * @param observed       when not null, every request goes where the trace recorded it ({@code routes} unused)
 */
public record ManagedPlan(String path, boolean byok, List<Route> routes, ServiceTier tier, RetryPolicy retry,
    List<OutageWindow> outages, long keyQuotaTokens, Target fallback, Slo slo, boolean overflow,
    ObservedRouting observed) {
  public ManagedPlan {
    routes = List.copyOf(routes);
    outages = List.copyOf(outages);
    if (keyQuotaTokens > 0 && fallback == null) {
      throw new IllegalArgumentException("a key quota needs a fallback target");
    }
  }
}
