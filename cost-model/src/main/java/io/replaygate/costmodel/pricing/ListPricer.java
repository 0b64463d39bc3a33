package io.replaygate.costmodel.pricing;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.costmodel.catalog.LongContextTier;
import io.replaygate.costmodel.catalog.PriceEntry;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.catalog.TokenPrices;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Prices usage at a catalog entry's list prices. Definitions (the same in the report):
 * <ul>
 *   <li>each token class is billed at its own price per million tokens: plain input, cache reads, cache
 *       writes with a 5-minute and a 1-hour TTL, output;</li>
 *   <li>a provider without a cache-write price has no write surcharge: written tokens bill at the input
 *       price (OpenAI, Gemini implicit, DeepSeek, Fireworks);</li>
 *   <li>long-context tokens (requests above the tier's threshold) bill at the tier's prices, falling back
 *       to the standard price for any class the tier does not list;</li>
 *   <li>a service tier multiplies every token price (batch 0.5, ...); storage is not multiplied;</li>
 *   <li>storage bills token-hours at the per-million-tokens-per-hour price.</li>
 * </ul>
 * Asking for something the model does not offer (cache reads without a read price, a service tier it
 * lacks, storage without a storage price) is a {@link CatalogException}, never a silent zero.
 */
public final class ListPricer {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

  private ListPricer() {}

  public static Quote quote(PriceEntry entry, Usage usage) {
    BigDecimal multiplier = BigDecimal.ONE;
    String tierNote = "";
    if (usage.serviceTier() != ServiceTier.STANDARD) {
      multiplier = entry.serviceTiers().get(usage.serviceTier());
      if (multiplier == null) {
        throw new CatalogException(null, null, "service_tier", entry.id() + " does not offer the "
            + usage.serviceTier().wireName() + " tier (offers: " + (entry.serviceTiers().isEmpty() ? "none"
            : String.join(", ", entry.serviceTiers().keySet().stream().map(ServiceTier::wireName).toList())) + ")");
      }
      tierNote = " × " + usage.serviceTier().wireName() + " " + multiplier.toPlainString();
    }
    List<LineItem> items = new ArrayList<>();
    tokens(items, entry, entry.prices(), usage.standard(), "", multiplier, tierNote);
    if (!usage.longContext().equals(TokenCounts.ZERO)) {
      if (entry.longContext().isEmpty()) {
        tokens(items, entry, entry.prices(), usage.longContext(), " (long prompt, no tier)", multiplier, tierNote);
      } else {
        LongContextTier tier = entry.longContext().get(0);
        tokens(items, entry, tier.prices().orElse(entry.prices()), usage.longContext(),
            " (prompt > " + tier.aboveTokens() + ")", multiplier, tierNote);
      }
    }
    if (usage.storageTokenHours().signum() > 0) {
      BigDecimal price = entry.prices().storagePerHour();
      if (price == null) {
        throw new CatalogException(null, null, "storage", entry.id() + " has no cache storage price");
      }
      items.add(line("cache storage", usage.storageTokenHours(), "token-hours", price, "list price per hour"));
    }
    BigDecimal total = items.stream().map(LineItem::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
    return new Quote(entry.id(), entry.id() + " effective " + entry.effective(), items, total);
  }

  private static void tokens(List<LineItem> items, PriceEntry entry, TokenPrices p, TokenCounts t, String suffix,
      BigDecimal multiplier, String tierNote) {
    add(items, "input" + suffix, t.input(), p.input(), multiplier, tierNote, null);
    if (t.cacheRead() > 0 && p.cacheRead() == null) {
      throw new CatalogException(null, null, "cache_read", entry.id() + " has no cache-read price");
    }
    add(items, "cache read" + suffix, t.cacheRead(), p.cacheRead(), multiplier, tierNote, null);
    add(items, "cache write (5 min)" + suffix, t.cacheWrite5m(), p.cacheWrite5m() != null ? p.cacheWrite5m()
        : p.input(), multiplier, tierNote, p.cacheWrite5m() == null ? "input price: no write surcharge" : null);
    if (t.cacheWrite1h() > 0 && p.cacheWrite1h() == null && p.cacheWrite5m() != null) {
      throw new CatalogException(null, null, "cache_write_1h", entry.id() + " offers no 1-hour cache writes");
    }
    add(items, "cache write (1 h)" + suffix, t.cacheWrite1h(), p.cacheWrite1h() != null ? p.cacheWrite1h()
        : p.input(), multiplier, tierNote, p.cacheWrite1h() == null ? "input price: no write surcharge" : null);
    add(items, "output" + suffix, t.output(), p.output(), multiplier, tierNote, null);
  }

  private static void add(List<LineItem> items, String item, long tokens, BigDecimal price, BigDecimal multiplier,
      String tierNote, String note) {
    if (tokens == 0) {
      return;
    }
    BigDecimal unit = price.multiply(multiplier);
    String basis = (tierNote.isEmpty() && note == null) ? "list price"
        : price.toPlainString() + tierNote + (note == null ? "" : ", " + note);
    items.add(line(item, BigDecimal.valueOf(tokens), "tokens", unit, basis));
  }

  private static LineItem line(String item, BigDecimal quantity, String unit, BigDecimal unitPrice, String basis) {
    BigDecimal amount = quantity.multiply(unitPrice).divide(MILLION);
    return new LineItem(item, quantity, unit, unitPrice, MILLION, amount.stripTrailingZeros(), basis);
  }
}
