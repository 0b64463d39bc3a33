package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import java.util.List;
import java.util.Map;

/**
 * The scenario's choices for each cache family: what the catalog cannot know (where the application puts
 * Anthropic breakpoints, which explicit caches it creates) and the documented model parameters of the
 * best-effort families. {@link #DEFAULTS} is the one place these defaults live; the scenario file's
 * {@code semantics:} section overrides them, and {@code params} overrides the catalog's minimum,
 * granularity and TTL per family.
 */
public record CacheSettings(Anthropic anthropic, OpenAi openai, GeminiImplicit geminiImplicit,
    GeminiExplicit geminiExplicit, Fireworks fireworks, Map<String, ParamOverride> params) {

  /** Where the application places an Anthropic {@code cache_control} breakpoint. */
  public enum Placement {
    /** After the system prompt and tools: a fixed prefix of {@link Anthropic#systemPrefixTokens} tokens. */
    SYSTEM_PREFIX,
    /** At the end of the previous turn of the same session (its prompt + its response). */
    PREVIOUS_TURN,
    /** At the end of this prompt (the last message), so the next turn can read it. */
    END_OF_PROMPT;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A breakpoint placement and whether its entry takes the 1-hour TTL (else the 5-minute one). */
  public record Breakpoint(Placement placement, boolean oneHour) {}

  /**
   * @param breakpoints        at most 4; empty means the application marks nothing (no caching)
   * @param systemPrefixTokens length of the system + tools prefix for {@link Placement#SYSTEM_PREFIX}
   */
  public record Anthropic(List<Breakpoint> breakpoints, long systemPrefixTokens) {
    public Anthropic {
      breakpoints = List.copyOf(breakpoints);
      if (breakpoints.size() > 4) {
        throw new IllegalArgumentException("Anthropic allows at most 4 cache breakpoints, got " + breakpoints.size());
      }
    }
  }

  /**
   * @param promptCacheKey              {@code none}, {@code session} or {@code tenant}: what the application
   *                                    sends as {@code prompt_cache_key}, mixed into the routing hash
   * @param routingPrefixTokens         the prompt prefix hashed to pick a cache machine (about 256 tokens)
   * @param requestsPerMinutePerMachine requests per minute one machine takes for a prefix before traffic
   *                                    spills to a cold machine (about 15)
   * @param idleTtlMinSeconds           idle eviction is drawn uniformly between this ...
   * @param idleTtlMaxSeconds           ... and this, per write (5–10 minutes)
   * @param maxTtlSeconds               an entry never lives longer than this after its creation (1 hour)
   * @param extendedRetention           24-hour retention ({@code prompt_cache_retention: 24h}): idle TTL and
   *                                    cap become 24 hours
   */
  public record OpenAi(String promptCacheKey, int routingPrefixTokens, int requestsPerMinutePerMachine,
      long idleTtlMinSeconds, long idleTtlMaxSeconds, long maxTtlSeconds, boolean extendedRetention) {}

  /**
   * Gemini implicit caching is best effort and Google publishes no hit rate: an eligible prefix (cached,
   * at least the model's minimum) is a hit with probability {@code hitProbability}, drawn per request from
   * the path's seeded stream. Set it from your observed {@code cachedContentTokenCount}.
   */
  public record GeminiImplicit(double hitProbability) {}

  /**
   * The application's explicit-cache policy: create a cache for a prefix once it has been seen in
   * {@code createAfterUses} requests (the creating request is billed for creating it), keep it
   * {@code ttlSeconds} (0: the catalog's TTL), extending it on each use when {@code refreshOnUse}.
   */
  public record GeminiExplicit(int createAfterUses, long ttlSeconds, boolean refreshOnUse) {}

  /**
   * Fireworks serves from replicas, each with its own prefix cache; requests of one session stick to one
   * replica (session affinity), the others are spread at random.
   */
  public record Fireworks(int replicas, long capacityTokensPerReplica) {}

  /** Changes to the catalog's cache parameters for one family ({@code null}: keep the catalog's). */
  public record ParamOverride(Integer minCacheableTokens, Integer granularityTokens, Integer ttlSeconds,
      Integer maxTtlSeconds) {
    public CacheSemantics applyTo(CacheSemantics s) {
      return new CacheSemantics(s.family(), minCacheableTokens != null ? minCacheableTokens : s.minCacheableTokens(),
          granularityTokens != null ? granularityTokens : s.granularityTokens(),
          ttlSeconds != null ? ttlSeconds : s.ttlSeconds(), maxTtlSeconds != null ? maxTtlSeconds : s.maxTtlSeconds());
    }
  }

  public CacheSettings {
    params = Map.copyOf(params);
  }

  /**
   * The defaults: Anthropic breakpoint at the end of each prompt with the 5-minute TTL (what an
   * application caching a growing conversation does) and no system-prefix breakpoint; OpenAI without
   * {@code prompt_cache_key}, 256-token routing prefix, 15 requests/minute per machine, idle eviction
   * uniform in 5–10 minutes, 1-hour cap; Gemini implicit hit probability 0.8; Gemini explicit caches
   * created on a prefix's second use with the catalog TTL, not refreshed; Fireworks 8 replicas of 500,000
   * cached tokens each.
   */
  public static final CacheSettings DEFAULTS = new CacheSettings(
      new Anthropic(List.of(new Breakpoint(Placement.END_OF_PROMPT, false)), 0),
      new OpenAi("none", 256, 15, 300, 600, 3600, false),
      new GeminiImplicit(0.8),
      new GeminiExplicit(2, 0, false),
      new Fireworks(8, 500_000),
      Map.of());

  /** The catalog's parameters for a family, with this scenario's overrides applied. */
  public CacheSemantics params(CacheSemantics catalog, String family) {
    ParamOverride o = params.get(family);
    return o == null ? catalog : o.applyTo(catalog);
  }

  public CacheSettings withAnthropic(Anthropic a) {
    return new CacheSettings(a, openai, geminiImplicit, geminiExplicit, fireworks, params);
  }

  public CacheSettings withOpenai(OpenAi o) {
    return new CacheSettings(anthropic, o, geminiImplicit, geminiExplicit, fireworks, params);
  }

  public CacheSettings withGeminiImplicit(GeminiImplicit g) {
    return new CacheSettings(anthropic, openai, g, geminiExplicit, fireworks, params);
  }

  public CacheSettings withGeminiExplicit(GeminiExplicit g) {
    return new CacheSettings(anthropic, openai, geminiImplicit, g, fireworks, params);
  }

  public CacheSettings withFireworks(Fireworks f) {
    return new CacheSettings(anthropic, openai, geminiImplicit, geminiExplicit, f, params);
  }

  public CacheSettings withParams(Map<String, ParamOverride> p) {
    return new CacheSettings(anthropic, openai, geminiImplicit, geminiExplicit, fireworks, p);
  }
}
