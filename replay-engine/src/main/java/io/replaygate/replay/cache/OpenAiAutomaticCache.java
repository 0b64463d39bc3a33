package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.openhft.hashing.LongHashFunction;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * OpenAI (and Azure OpenAI) automatic prompt caching. Prompts of at least the minimum (1,024 tokens) are
 * routed by a hash of their first ~256 tokens (plus {@code prompt_cache_key} when the scenario says the
 * application sends one) to a cache machine; a machine takes about 15 requests a minute for a prefix,
 * beyond which requests spill to the next, cold, machine. A hit is the longest cached prefix on that
 * machine, counted in 128-token steps. Entries are evicted after an idle time drawn uniformly between 5
 * and 10 minutes (per write, from the path's seeded stream: the documented randomness of this family) and
 * never live more than an hour (24 hours with extended retention). No write surcharge.
 */
final class OpenAiAutomaticCache extends AbstractPromptCache {
  private static final long MINUTE_US = 60 * US_PER_S;

  /** One cache machine: its prefix store and the arrival times of the last minute. */
  private static final class Machine {
    final PrefixTree store = PrefixTree.unbounded();
    final ArrayDeque<Long> lastMinute = new ArrayDeque<>();
    long lastUseUs;

    int load(long nowUs) {
      while (!lastMinute.isEmpty() && lastMinute.peekFirst() <= nowUs - MINUTE_US) {
        lastMinute.pollFirst();
      }
      return lastMinute.size();
    }
  }

  private final LinkedHashMap<Long, List<Machine>> pools = new LinkedHashMap<>(1024, 0.75f, true);

  OpenAiAutomaticCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long[] keys = r.blocks();
    if (keys.length == 0 || r.inputTokens() < params.minCacheableTokens()) {
      return CacheResult.MISS; // below the minimum nothing is cached or routed to a cache machine
    }
    CacheSettings.OpenAi o = settings.openai();
    int routingBlock = (int) Math.min(keys.length, Math.max(1, ceilDiv(o.routingPrefixTokens(), r.blockTokens()))) - 1;
    long route = keys[routingBlock] ^ cacheKey(r, o.promptCacheKey());
    List<Machine> machines = pools.computeIfAbsent(route, k -> new ArrayList<>());
    int chosen = 0;
    while (chosen < machines.size() && machines.get(chosen).load(nowUs) >= o.requestsPerMinutePerMachine()) {
      chosen++;
    }
    if (chosen == machines.size()) {
      machines.add(new Machine()); // every warm machine is at its rate: spill to a cold one
    }
    Machine machine = machines.get(chosen);
    machine.lastMinute.addLast(nowUs);
    machine.lastUseUs = nowUs;
    long day = 24 * 3600 * US_PER_S;
    long idle = o.extendedRetention() ? day
        : (o.idleTtlMinSeconds() + (long) (rng.nextDouble() * (o.idleTtlMaxSeconds() - o.idleTtlMinSeconds())))
            * US_PER_S;
    long cap = o.extendedRetention() ? day : o.maxTtlSeconds() * US_PER_S;
    CacheResult res = automatic(machine.store, r, nowUs, timing, idle, cap, false, "machine-" + chosen);
    dropIdlePools(nowUs, cap);
    return res;
  }

  private static long cacheKey(Request r, String key) {
    String value = switch (key) {
      case "session" -> r.record().sessionId();
      case "tenant" -> r.record().tenant();
      default -> null;
    };
    return value == null ? 0 : LongHashFunction.xx3().hashBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / Math.max(1, b);
  }

  /** Pools unused for longer than an entry can live hold nothing: forget them. */
  private void dropIdlePools(long nowUs, long capUs) {
    Iterator<Map.Entry<Long, List<Machine>>> it = pools.entrySet().iterator();
    while (it.hasNext()) {
      List<Machine> ms = it.next().getValue();
      long last = ms.stream().mapToLong(m -> m.lastUseUs).max().orElse(0);
      if (last >= nowUs - capUs) {
        break;
      }
      it.remove();
    }
  }
}
