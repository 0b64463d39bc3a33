package io.replaygate.reports.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Costs API ({@code GET /v1/organization/costs} with {@code group_by=line_item}): a page of
 * {@code bucket}s ({@code start_time}, epoch seconds) of {@code organization.costs.result}s with
 * {@code amount.value} (in {@code amount.currency}, USD) and a {@code line_item}. A line item of the form
 * {@code MODEL, CLASS} ({@code gpt-5-2025-08-07, cached input}) gives the model and the class ({@code input},
 * {@code cached input} → cache read, {@code output}); any other line item is kept whole as a charge of no model.
 * One file is one response page; give every page.
 */
public final class OpenAiCosts extends JsonBucketBill {
  private static final Map<String, String> CLASSES = Map.of("input", "input", "cached input", "cache read",
      "output", "output");

  @Override
  public String name() {
    return "openai-costs";
  }

  @Override
  public boolean accepts(Path file, String head) {
    return head.stripLeading().startsWith("{") && head.contains("\"bucket\"") && head.contains("\"start_time\"");
  }

  @Override
  void bucket(Path file, JsonNode bucket, String at, List<BillLine> out) {
    if (!bucket.path("start_time").canConvertToLong()) {
      throw new BadBillException(file, at + ".start_time", "expected epoch seconds");
    }
    var day = Instant.ofEpochSecond(bucket.get("start_time").asLong()).atZone(ZoneOffset.UTC).toLocalDate();
    JsonNode results = bucket.path("results");
    for (int i = 0; i < results.size(); i++) {
      JsonNode r = results.get(i);
      String where = at + ".results[" + i + "]";
      JsonNode amount = r.path("amount");
      if (!amount.path("value").isNumber()) {
        throw new BadBillException(file, where + ".amount.value", "expected a number");
      }
      String currency = amount.path("currency").asText("usd");
      if (!currency.equalsIgnoreCase("usd")) {
        throw new BadBillException(file, where + ".amount.currency", "only USD is reconciled, got " + currency);
      }
      String item = r.path("line_item").isTextual() ? r.get("line_item").asText() : "unitemised";
      int comma = item.lastIndexOf(',');
      String model = null;
      String cls = item;
      if (comma > 0) {
        String c = item.substring(comma + 1).strip().toLowerCase(java.util.Locale.ROOT);
        if (CLASSES.containsKey(c)) {
          model = item.substring(0, comma).strip();
          cls = CLASSES.get(c);
        }
      }
      out.add(new BillLine(day, "openai", model, cls, amount.get("value").asDouble(), where));
    }
  }
}
