package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import io.replaygate.replay.cache.CacheSettings.Breakpoint;
import io.replaygate.replay.core.PrefixTree;
import io.replaygate.replay.core.Request;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Anthropic (and Bedrock Claude) explicit prompt caching. The application marks up to 4 breakpoints (the
 * scenario's placement policy, since traces rarely record them); the prefix up to each breakpoint is
 * written, billed as a 5-minute or 1-hour write; a later request reads the longest cached prefix that ends
 * at or before its last breakpoint and is at least the model's minimum, and the read refreshes the TTL.
 * An entry is readable only once its writer's first token is out, so concurrent identical prompts all
 * miss and all pay the write.
 *
 * <p>Approximation, stated: reads may end at any trace block boundary (Anthropic looks back over up to 20
 * content blocks before each breakpoint; the trace has block hashes, not message boundaries).
 */
final class AnthropicExplicitCache extends AbstractPromptCache {
  private final PrefixTree store = PrefixTree.unbounded();
  /** Per session, the previous turn's end (its prompt + response tokens), for {@code previous_turn}. */
  private final LinkedHashMap<String, long[]> lastTurn = new LinkedHashMap<>(256, 0.75f, true);

  AnthropicExplicitCache(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng) {
    super(params, settings, rng);
  }

  @Override
  public CacheResult access(Request r, long nowUs, Timing timing) {
    long input = r.inputTokens();
    long[] positions = new long[4];
    boolean[] oneHour = new boolean[4];
    int n = 0;
    String session = r.record().sessionId();
    for (Breakpoint b : settings.anthropic().breakpoints()) {
      long pos = switch (b.placement()) {
        case SYSTEM_PREFIX -> settings.anthropic().systemPrefixTokens();
        case END_OF_PROMPT -> input;
        case PREVIOUS_TURN -> {
          long[] prev = session == null ? null : lastTurn.get(session);
          yield prev == null ? 0 : prev[0];
        }
      };
      pos = Math.min(pos, input);
      if (pos > 0) {
        positions[n] = pos;
        oneHour[n] = b.oneHour();
        n++;
      }
    }
    if (session != null) {
      lastTurn.put(session, new long[] {input + r.outputTokens(), nowUs});
      trimSessions(nowUs);
    }
    if (n == 0) {
      return CacheResult.MISS;
    }
    sort(positions, oneHour, n);
    long[] keys = r.blocks();
    long last = positions[n - 1];
    int m = store.matchPrefix(keys, r.blocksWithin(last), nowUs);
    long read = billable(r.prefixTokens(m));
    if (read > 0) {
      store.touch(keys, m, nowUs); // a hit refreshes the entry's TTL at no cost
    }
    long w5 = 0;
    long w1h = 0;
    long covered = read;
    long firstToken = timing.firstTokenUs(input - read);
    for (int i = 0; i < n; i++) {
      long pos = positions[i];
      if (pos < params.minCacheableTokens()) {
        continue; // too short to cache: no entry, billed as input
      }
      if (pos > covered) {
        if (oneHour[i]) {
          w1h += pos - covered;
        } else {
          w5 += pos - covered;
        }
        covered = pos;
      }
      store.write(keys, 0, r.blocksWithin(pos), nowUs, firstToken, ttl(oneHour[i]), PrefixTree.FOREVER,
          r.keyCopies());
    }
    return new CacheResult(read, w5, w1h, 0, m, null);
  }

  private long ttl(boolean oneHour) {
    Integer max = params.maxTtlSeconds();
    return oneHour && max != null ? max * US_PER_S : ttlUs();
  }

  private static void sort(long[] positions, boolean[] oneHour, int n) {
    // Insertion sort by position; equal positions keep the longer TTL.
    for (int i = 1; i < n; i++) {
      for (int j = i; j > 0 && positions[j - 1] > positions[j]; j--) {
        long p = positions[j];
        positions[j] = positions[j - 1];
        positions[j - 1] = p;
        boolean h = oneHour[j];
        oneHour[j] = oneHour[j - 1];
        oneHour[j - 1] = h;
      }
    }
    for (int i = 1; i < n; i++) {
      if (positions[i] == positions[i - 1]) {
        oneHour[i] |= oneHour[i - 1];
        oneHour[i - 1] = oneHour[i];
      }
    }
  }

  /** Forgets sessions idle for longer than any entry can live. */
  private void trimSessions(long nowUs) {
    Integer max = params.maxTtlSeconds();
    long horizon = Math.max(ttlUs(), max == null ? 0 : max * US_PER_S) * 2;
    var it = lastTurn.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, long[]> e = it.next();
      if (e.getValue()[1] >= nowUs - horizon) {
        break;
      }
      it.remove();
    }
  }
}
