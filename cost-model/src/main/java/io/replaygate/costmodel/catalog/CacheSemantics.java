package io.replaygate.costmodel.catalog;

import java.util.Set;

/**
 * The prompt-cache behaviour the replay simulates for a model (DESIGN §3), with its parameters.
 *
 * @param family             {@code anthropic_explicit}, {@code openai_automatic}, {@code gemini_implicit},
 *                           {@code gemini_explicit}, {@code deepseek_disk}, {@code fireworks} or {@code none}
 * @param minCacheableTokens shortest prefix that can be cached
 * @param granularityTokens  cached prefixes are counted in steps of this many tokens (OpenAI: 128)
 * @param ttlSeconds         default time to live after the last use
 * @param maxTtlSeconds      the longest TTL offered (Anthropic's 1-hour writes), or {@code null}
 */
public record CacheSemantics(String family, int minCacheableTokens, int granularityTokens, int ttlSeconds,
    Integer maxTtlSeconds) {

  public static final Set<String> FAMILIES = Set.of("anthropic_explicit", "openai_automatic", "gemini_implicit",
      "gemini_explicit", "deepseek_disk", "fireworks", "none");

  public static final CacheSemantics NONE = new CacheSemantics("none", 0, 1, 0, null);
}
