package io.replaygate.replay.scenario;

import io.replaygate.trace.TraceRecord;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Purge events applied to the request stream, the same for every path: from each purge of a tenant on, that
 * tenant's block hashes are remapped into a new namespace (hash ⊕ a salt of tenant and purge count, mixed), so no
 * cache — a provider's, a cluster's, the ideal ceiling — can match anything the tenant cached before, while
 * prefixes equal within the new namespace still match each other. This is what a platform can do on any path (a
 * new cache key or salt per tenant); what each path can additionally prove about the old entries is its
 * {@code purge_evidence}.
 */
public final class PurgeNamespaces {
  private final Map<String, long[]> timesByTenant = new HashMap<>();
  private final Map<String, Long> requestsAfter = new HashMap<>();

  /** @param originUs the trace's first arrival, which offsets such as {@code +2h} count from */
  public PurgeNamespaces(List<Scenario.Purge> purges, long originUs) {
    Map<String, List<Long>> times = new HashMap<>();
    for (Scenario.Purge p : purges) {
      times.computeIfAbsent(p.tenant(), k -> new java.util.ArrayList<>()).add(p.at().resolve(originUs));
    }
    times.forEach((k, v) -> {
      long[] a = v.stream().mapToLong(Long::longValue).toArray();
      Arrays.sort(a);
      timesByTenant.put(k, a);
    });
  }

  public boolean isEmpty() {
    return timesByTenant.isEmpty();
  }

  /** {@code r} as the paths see it: in its tenant's namespace after the purges before its arrival. */
  public TraceRecord apply(TraceRecord r) {
    long[] times = r.tenant() == null ? null : timesByTenant.get(r.tenant());
    if (times == null) {
      return r;
    }
    int epoch = 0;
    while (epoch < times.length && times[epoch] <= r.arrivalUs()) {
      epoch++;
    }
    if (epoch == 0) {
      return r;
    }
    requestsAfter.merge(r.tenant(), 1L, Long::sum);
    if (r.blockHashes() == null) {
      return r;
    }
    long salt = mix(fnv(r.tenant()) + 0x9E3779B97F4A7C15L * epoch);
    long[] h = r.blockHashes().clone();
    for (int i = 0; i < h.length; i++) {
      h[i] = mix(h[i] ^ salt);
    }
    return r.withBlockHashes(h);
  }

  /** Requests of each purged tenant that arrived after one of its purges. */
  public Map<String, Long> requestsAfter() {
    return Map.copyOf(requestsAfter);
  }

  private static long fnv(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finaliser: a bijection, so distinct hashes stay distinct within a namespace. */
  private static long mix(long z) {
    return io.replaygate.replay.core.Mix.mix(z);
  }
}
