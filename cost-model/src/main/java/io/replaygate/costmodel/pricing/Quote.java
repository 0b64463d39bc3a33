package io.replaygate.costmodel.pricing;

import java.math.BigDecimal;
import java.util.List;

/** A priced usage: the entry used, its line items and their total (USD, exact). */
public record Quote(String model, String priceEntry, List<LineItem> items, BigDecimal total) {
  public Quote {
    items = List.copyOf(items);
  }
}
