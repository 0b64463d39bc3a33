package io.replaygate.reports.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Admin API cost report ({@code GET /v1/organizations/cost_report} with
 * {@code group_by[]=description}): {@code data[]} daily buckets ({@code starting_at}) of {@code results[]}
 * with {@code amount} — a decimal string in the lowest currency unit, <b>cents</b> for USD ("123.45" is
 * $1.2345) — {@code model}, {@code cost_type} and {@code token_type}. Token types map to replaygate's classes
 * ({@code uncached_input_tokens} → input, {@code cache_read_input_tokens} → cache read,
 * {@code cache_creation.ephemeral_5m_input_tokens} → cache write (5 min), {@code …_1h_…} → cache write (1 h),
 * {@code output_tokens} → output); other cost types ({@code web_search}, {@code code_execution}) keep their
 * name. One file is one response page; give every page.
 */
public final class AnthropicCostReport extends JsonBucketBill {
  private static final Map<String, String> TOKEN_TYPES = Map.of("uncached_input_tokens", "input",
      "output_tokens", "output", "cache_read_input_tokens", "cache read",
      "cache_creation.ephemeral_5m_input_tokens", "cache write (5 min)",
      "cache_creation.ephemeral_1h_input_tokens", "cache write (1 h)");

  @Override
  public String name() {
    return "anthropic-cost-report";
  }

  @Override
  public boolean accepts(Path file, String head) {
    return head.stripLeading().startsWith("{") && head.contains("\"starting_at\"") && head.contains("\"data\"");
  }

  @Override
  void bucket(Path file, JsonNode bucket, String at, List<BillLine> out) {
    var day = day(file, bucket.path("starting_at"), at + ".starting_at");
    JsonNode results = bucket.path("results");
    for (int i = 0; i < results.size(); i++) {
      JsonNode r = results.get(i);
      String where = at + ".results[" + i + "]";
      String currency = r.path("currency").asText("USD");
      if (!currency.equalsIgnoreCase("USD")) {
        throw new BadBillException(file, where + ".currency", "only USD is reconciled, got " + currency);
      }
      BigDecimal cents;
      try {
        cents = new BigDecimal(r.path("amount").asText());
      } catch (NumberFormatException e) {
        throw new BadBillException(file, where + ".amount", "expected a decimal string of cents, got "
            + r.path("amount"));
      }
      String costType = r.path("cost_type").asText("tokens");
      String tokenType = r.path("token_type").isTextual() ? r.get("token_type").asText() : null;
      String cls = costType.equals("tokens") && tokenType != null ? TOKEN_TYPES.getOrDefault(tokenType, tokenType)
          : costType;
      String model = r.path("model").isTextual() ? r.get("model").asText() : null;
      out.add(new BillLine(day, "anthropic", model, cls, cents.movePointLeft(2).doubleValue(), where));
    }
  }

  static java.time.LocalDate day(Path file, JsonNode t, String where) {
    try {
      return OffsetDateTime.parse(t.asText()).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new BadBillException(file, where, "expected an RFC 3339 time, got " + t);
    }
  }
}
