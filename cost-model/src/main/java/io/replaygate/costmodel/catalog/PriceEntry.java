package io.replaygate.costmodel.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One dated catalog entry: a provider's list prices for one model from {@code effective} on.
 *
 * @param provider     e.g. {@code anthropic}, {@code openai}, {@code bedrock}
 * @param model        e.g. {@code claude-sonnet-4-5}
 * @param effective    first day these prices apply
 * @param observed     when the figures were last checked against the source ({@code null} if unknown)
 * @param source       where the figures came from
 * @param prices       standard token prices
 * @param longContext  long-context tiers, ascending by threshold
 * @param serviceTiers multipliers on token prices for batch / flex / priority (standard is 1)
 * @param semantics    prompt-cache behaviour and its parameters
 * @param latency      the latency model's parameters (the entry's own, else its provider's default, else the
 *                     catalog's {@code "*"} default)
 */
public record PriceEntry(
    String provider,
    String model,
    LocalDate effective,
    LocalDate observed,
    String source,
    TokenPrices prices,
    List<LongContextTier> longContext,
    Map<ServiceTier, BigDecimal> serviceTiers,
    CacheSemantics semantics,
    LatencyParams latency) {

  public PriceEntry {
    longContext = List.copyOf(longContext);
    Map<ServiceTier, BigDecimal> tiers = new java.util.EnumMap<>(ServiceTier.class);
    serviceTiers.forEach((k, v) -> tiers.put(k, TokenPrices.norm(v)));
    serviceTiers = java.util.Collections.unmodifiableMap(tiers);
  }

  /** {@code provider/model}. */
  public String id() {
    return provider + "/" + model;
  }
}
