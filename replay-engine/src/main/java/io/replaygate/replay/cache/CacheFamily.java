package io.replaygate.replay.cache;

import io.replaygate.costmodel.catalog.CacheSemantics;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Every prompt-cache family, by the name the catalog and scenarios use. Adding a family is one file and
 * one line here.
 */
public enum CacheFamily {
  ANTHROPIC_EXPLICIT("anthropic_explicit", AnthropicExplicitCache::new),
  OPENAI_AUTOMATIC("openai_automatic", OpenAiAutomaticCache::new),
  GEMINI_IMPLICIT("gemini_implicit", GeminiImplicitCache::new),
  GEMINI_EXPLICIT("gemini_explicit", GeminiExplicitCache::new),
  DEEPSEEK_DISK("deepseek_disk", DeepSeekDiskCache::new),
  FIREWORKS("fireworks", FireworksCache::new),
  IDEAL("ideal", IdealCache::new),
  NONE("none", NoCache::new),
  RECORDED("recorded", RecordedUsageCache::new);

  /** Builds one path's cache of a family. */
  @FunctionalInterface
  public interface Factory {
    PromptCache create(CacheSemantics params, CacheSettings settings, UniformRandomProvider rng);
  }

  private final String wireName;
  private final Factory factory;

  CacheFamily(String wireName, Factory factory) {
    this.wireName = wireName;
    this.factory = factory;
  }

  public String wireName() {
    return wireName;
  }

  /** A new, empty cache of this family with the catalog's parameters overridden by the scenario's. */
  public PromptCache create(CacheSemantics catalog, CacheSettings settings, UniformRandomProvider rng) {
    CacheSemantics params = new CacheSemantics(wireName, catalog.minCacheableTokens(), catalog.granularityTokens(),
        catalog.ttlSeconds(), catalog.maxTtlSeconds());
    return factory.create(settings.params(params, wireName), settings, rng);
  }

  public static Optional<CacheFamily> byName(String name) {
    return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(CacheFamily::wireName).toList());
  }
}
