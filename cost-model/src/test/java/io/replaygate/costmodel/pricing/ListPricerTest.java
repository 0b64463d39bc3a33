package io.replaygate.costmodel.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.ServiceTier;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed invoices at the bundled list prices (USD per million tokens), one per cache-semantics
 * family. Each expected total is written out as the arithmetic a finance reader would do.
 */
class ListPricerTest {
  static final PriceCatalog CATALOG = CatalogLoader.bundled();
  static final LocalDate DAY = LocalDate.of(2026, 7, 24);

  private static BigDecimal total(String model, Usage usage) {
    return ListPricer.quote(CATALOG.at(model, DAY), usage).total();
  }

  private static void assertUsd(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", got " + actual);
  }

  @Test
  void anthropic_fiveMinuteAndOneHourWritesAndReads() {
    // Sonnet 4.5: input 3.00, read 0.30, write 5m 3.75 (1.25x), write 1h 6.00 (2x), output 15.00.
    Usage u = Usage.of(new TokenCounts(10_000, 20_000, 30_000, 40_000, 5_000));
    // 10k×3 + 20k×0.30 + 30k×3.75 + 40k×6 + 5k×15 = 30,000 + 6,000 + 112,500 + 240,000 + 75,000 = 463,500 ⇒ $0.4635
    assertUsd("0.4635", total("anthropic/claude-sonnet-4-5", u));
    Quote q = ListPricer.quote(CATALOG.at("anthropic/claude-sonnet-4-5", DAY), u);
    assertEquals(5, q.items().size());
    assertEquals("cache write (1 h)", q.items().get(3).item());
    assertUsd("0.24", q.items().get(3).amount());
  }

  @Test
  void openai_eachCachedDiscountFamily() {
    // One million cached tokens cost the input price × (1 − discount).
    Usage read = Usage.of(new TokenCounts(0, 1_000_000, 0, 0, 0));
    assertUsd("0.125", total("openai/gpt-5", read));  // 1.25 × (1 − 90%)
    assertUsd("0.50", total("openai/gpt-4.1", read)); // 2.00 × (1 − 75%)
    assertUsd("1.25", total("openai/gpt-4o", read));  // 2.50 × (1 − 50%)
  }

  @Test
  void openai_cacheWrites_billAtInputPrice() {
    // OpenAI has no write surcharge: 1,000 written tokens at gpt-5's 1.25/M = 0.00125.
    Quote q = ListPricer.quote(CATALOG.at("openai/gpt-5", DAY), Usage.of(new TokenCounts(0, 0, 1_000, 0, 0)));
    assertUsd("0.00125", q.total());
    assertTrue(q.items().get(0).basis().contains("no write surcharge"), q.items().get(0).basis());
  }

  @Test
  void gemini_explicitCacheStorage_billedPerTokenHour() {
    // 2.5 Pro: a 100,000-token cache kept 3 h = 300,000 token-hours × 4.50/M = 1.35; read 400,000 × 0.125/M
    // = 0.05; input 50,000 × 1.25/M = 0.0625; output 2,000 × 10/M = 0.02. Total 1.4825.
    Usage u = new Usage(new TokenCounts(50_000, 400_000, 0, 0, 2_000), TokenCounts.ZERO,
        BigDecimal.valueOf(300_000), ServiceTier.STANDARD);
    assertUsd("1.4825", total("gemini/gemini-2.5-pro", u));
  }

  @Test
  void longContextTier_billsTheWholeRequestAtTierPrices() {
    // Sonnet 4.5 above 200K: input 6.00, output 22.50. 300,000 × 6 + 1,000 × 22.5 = 1.8 + 0.0225 = 1.8225.
    Usage u = new Usage(TokenCounts.ZERO, new TokenCounts(300_000, 0, 0, 0, 1_000), BigDecimal.ZERO,
        ServiceTier.STANDARD);
    assertUsd("1.8225", total("anthropic/claude-sonnet-4-5", u));
    // Gemini 2.5 Pro above 200K: input 2.50, output 15.00; its tier lists no write price (inherits input).
    assertUsd("0.765", total("gemini/gemini-2.5-pro", new Usage(TokenCounts.ZERO,
        new TokenCounts(300_000, 0, 0, 0, 1_000), BigDecimal.ZERO, ServiceTier.STANDARD)));
    // 300,000 × 2.5 + 1,000 × 15 = 0.75 + 0.015 = 0.765
  }

  @Test
  void batch_halvesTokenPrices() {
    // gpt-4.1 batch: (1M × 2.00 + 1M × 8.00) × 0.5 = 5.00.
    Usage u = new Usage(new TokenCounts(1_000_000, 0, 0, 0, 1_000_000), TokenCounts.ZERO, BigDecimal.ZERO,
        ServiceTier.BATCH);
    assertUsd("5.00", total("openai/gpt-4.1", u));
  }

  @Test
  void deepseek_hitAndMiss() {
    // 1M cache-miss input × 0.28 + 1M cache hits × 0.028 + 100k output × 0.42 = 0.28 + 0.028 + 0.042 = 0.35.
    assertUsd("0.35", total("deepseek/deepseek-chat", Usage.of(new TokenCounts(1_000_000, 1_000_000, 0, 0, 100_000))));
  }

  @Test
  void unofferedThings_areErrors_notZeros() {
    Usage flex = new Usage(new TokenCounts(1, 0, 0, 0, 0), TokenCounts.ZERO, BigDecimal.ZERO, ServiceTier.FLEX);
    assertThrows(CatalogException.class, () -> total("openai/gpt-4.1", flex));
    Usage storage = new Usage(TokenCounts.ZERO, TokenCounts.ZERO, BigDecimal.ONE, ServiceTier.STANDARD);
    assertThrows(CatalogException.class, () -> total("anthropic/claude-sonnet-4-5", storage));
  }
}
