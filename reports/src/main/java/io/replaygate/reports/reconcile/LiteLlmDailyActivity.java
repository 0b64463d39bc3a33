package io.replaygate.reports.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's spend totals: its proxy's daily activity API ({@code GET /user/daily/activity}, and the team and tag
 * variants of the same shape), one response page per file: {@code results[]} of days ({@code date},
 * {@code YYYY-MM-DD}) with {@code breakdown.models}, a map of model → {@code {metrics: {spend, prompt_tokens,
 * completion_tokens, cache_read_input_tokens, cache_creation_input_tokens, …}}}. LiteLLM reports one spend per
 * model and day, not per token class, so each becomes a line of class {@link #ALL_CLASSES} that {@code reconcile}
 * compares with the simulated model-day as a whole. The spend is LiteLLM's own estimate from its price map, not
 * the provider's invoice: reconciling against it checks the simulation against what the gateway computed.
 */
public final class LiteLlmDailyActivity extends JsonBucketBill {
  /** The class of a bill line that covers a model's whole day. */
  public static final String ALL_CLASSES = "all classes";

  @Override
  public String name() {
    return "litellm-daily-activity";
  }

  @Override
  public boolean accepts(Path file, String head) {
    return head.stripLeading().startsWith("{") && head.contains("\"results\"") && head.contains("\"breakdown\"");
  }

  @Override
  String bucketsKey() {
    return "results";
  }

  @Override
  void bucket(Path file, JsonNode day, String at, List<BillLine> out) {
    LocalDate date;
    try {
      date = LocalDate.parse(day.path("date").asText(""));
    } catch (DateTimeParseException e) {
      throw new BadBillException(file, at + ".date", "expected a YYYY-MM-DD date");
    }
    JsonNode models = day.path("breakdown").path("models");
    if (!models.isObject()) {
      throw new BadBillException(file, at + ".breakdown.models", "expected the per-model breakdown (a map of model "
          + "to metrics)");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> m = it.next();
      JsonNode spend = m.getValue().path("metrics").path("spend");
      String where = at + ".breakdown.models." + m.getKey() + ".metrics.spend";
      if (!spend.isNumber() || spend.asDouble() < 0) {
        throw new BadBillException(file, where, "expected a non-negative amount in USD");
      }
      String provider = m.getValue().path("metadata").path("provider").asText(null);
      out.add(new BillLine(date, provider, m.getKey(), ALL_CLASSES, spend.asDouble(), where));
    }
  }
}
