package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconcile} against bills whose differences are computed by hand: a two-day trace of Claude Sonnet 4.5
 * calls without block hashes (nothing cached, so the baseline is list price × tokens), and the bills an
 * organisation with a 10% discount, a web search charge and some Haiku traffic the trace missed would get.
 */
class ReconcileCliTest {
  @TempDir
  Path dir;

  /** Day 1 (2026-03-02): 10 calls; day 2: 4 calls; each 100,000 prompt and 10,000 output tokens. */
  Path run() throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("{\"replaygate_trace\": {\"schema_version\": 1, \"time_origin\": \"epoch\", \"source_format\": \"jsonl\", "
        + "\"capabilities\": \"models\"}}");
    long day1 = 1_772_445_600_000_000L; // 2026-03-02T10:00:00Z
    for (int i = 0; i < 14; i++) {
      long t = i < 10 ? day1 + i * 60_000_000L : day1 + 86_400_000_000L + (i - 10) * 60_000_000L;
      lines.add("{\"arrival_us\": " + t + ", \"model_path\": \"coding/sonnet\", \"model\": \"claude-sonnet-4-5\", "
          + "\"provider\": \"anthropic\", \"input_tokens\": 100000, \"output_tokens\": 10000, \"status\": \"ok\"}");
    }
    Path trace = dir.resolve("trace.jsonl");
    Files.write(trace, lines);
    Path out = dir.resolve("run");
    CliTest.Result r = CliTest.run("replay", trace.toString(), "--path", "managed:anthropic/claude-sonnet-4-5", "--out",
        out.toString(), "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    return out;
  }

  @Test
  void anthropicCostReport_residualSplitByCause_byHand() throws Exception {
    Path run = run();
    // At list price ($3 / $15 per million): day 1 input $3.00, output $1.50; day 2 input $1.20, output $0.60.
    // The bill, in cents: the same at 10% off, a $0.50 web search and $0.20 of Haiku on day 2, $1.00 on a day after.
    Path bill = dir.resolve("cost_report.json");
    Files.writeString(bill, """
        {"data": [
          {"starting_at": "2026-03-02T00:00:00Z", "ending_at": "2026-03-03T00:00:00Z", "results": [
            {"currency": "USD", "amount": "270.00", "workspace_id": null, "description": "Claude Sonnet 4.5 input",
             "cost_type": "tokens", "context_window": "0-200k", "model": "claude-sonnet-4-5-20250929",
             "service_tier": "standard", "token_type": "uncached_input_tokens"},
            {"currency": "USD", "amount": "135.00", "workspace_id": null, "description": "Claude Sonnet 4.5 output",
             "cost_type": "tokens", "context_window": "0-200k", "model": "claude-sonnet-4-5-20250929",
             "service_tier": "standard", "token_type": "output_tokens"}]},
          {"starting_at": "2026-03-03T00:00:00Z", "ending_at": "2026-03-04T00:00:00Z", "results": [
            {"currency": "USD", "amount": "108.00", "cost_type": "tokens", "model": "claude-sonnet-4-5-20250929",
             "token_type": "uncached_input_tokens"},
            {"currency": "USD", "amount": "54.00", "cost_type": "tokens", "model": "claude-sonnet-4-5-20250929",
             "token_type": "output_tokens"},
            {"currency": "USD", "amount": "50.00", "cost_type": "web_search", "model": null, "token_type": null},
            {"currency": "USD", "amount": "20.00", "cost_type": "tokens", "model": "claude-haiku-4-5-20251001",
             "token_type": "uncached_input_tokens"}]},
          {"starting_at": "2026-03-04T00:00:00Z", "ending_at": "2026-03-05T00:00:00Z", "results": [
            {"currency": "USD", "amount": "100.00", "cost_type": "tokens", "model": "claude-sonnet-4-5-20250929",
             "token_type": "output_tokens"}]}],
         "has_more": false, "next_page": null}
        """);
    CliTest.Result r = CliTest.run("reconcile", run.toString(), "--usage", bill.toString(), "--json", "--price-date",
        "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals("managed:anthropic/claude-sonnet-4-5", j.path("baseline").asText());
    assertEquals(6.30, j.path("simulated_usd").asDouble(), 1e-6, "3.00 + 1.50 + 1.20 + 0.60");
    assertEquals(6.37, j.path("recorded_usd").asDouble(), 1e-6, "2.70 + 1.35 + 1.08 + 0.54 + 0.50 + 0.20");
    assertEquals(-0.63, j.path("residual_usd").path("price").asDouble(), 1e-6, "5.67 − 6.30");
    assertEquals(0.9, j.path("price_ratio").asDouble(), 1e-6, "a uniform 10% discount");
    assertEquals(0.20, j.path("residual_usd").path("not_in_trace").asDouble(), 1e-6, "the Haiku traffic");
    assertEquals(0.50, j.path("residual_usd").path("not_simulated").asDouble(), 1e-6, "the web search");
    assertEquals(1.00, j.path("outside_period_usd").asDouble(), 1e-6, "2026-03-04 is after the trace");
    assertEquals(0.07 / 6.37, j.path("relative_gap").asDouble(), 1e-6);
    assertTrue(j.path("verdict").asText().startsWith("the simulated baseline (managed:anthropic/claude-sonnet-4-5) is "
        + "within 1.1% of the recorded bill"), j.path("verdict").asText());
    JsonNode first = j.path("rows").get(0);
    assertEquals("2026-03-02", first.path("day").asText());
    assertEquals("anthropic/claude-sonnet-4-5", first.path("model").asText(), "the dated id resolves to the catalog's");
    assertEquals("input", first.path("token_class").asText());
    assertEquals(3.00, first.path("simulated_usd").asDouble(), 1e-6);
    assertEquals(2.70, first.path("recorded_usd").asDouble(), 1e-6, "270.00 cents");
    CliTest.Result text = CliTest.run("reconcile", run.toString(), "--usage", bill.toString(), "--price-date",
        "2026-07-24");
    assertTrue(text.out().contains("recorded ÷ simulated 0.9000"), text.out());
    assertTrue(text.out().contains("left out: $1.00 of the bill falls on days the trace does not span"), text.out());
  }

  @Test
  void csvAndOpenAiExports_andBadInput() throws Exception {
    Path run = run();
    Path csv = dir.resolve("bill.csv");
    Files.writeString(csv, "date,provider,model,token_class,amount_usd\n2026-03-02,anthropic,claude-sonnet-4-5,input,3.00\n"
        + "2026-03-02,anthropic,claude-sonnet-4-5,output,1.50\n2026-03-03,anthropic,claude-sonnet-4-5,input,1.20\n"
        + "2026-03-03,anthropic,claude-sonnet-4-5,output,0.60\n");
    CliTest.Result exact = CliTest.run("reconcile", run.toString(), "--usage", csv.toString(), "--json", "--price-date",
        "2026-07-24");
    assertEquals(0, exact.code(), exact.err());
    JsonNode j = new ObjectMapper().readTree(exact.out());
    assertEquals(0, j.path("relative_gap").asDouble(), 1e-9, "a bill at list price reconciles exactly");
    assertEquals(1.0, j.path("price_ratio").asDouble(), 1e-9);
    // OpenAI's Costs API: nothing of the run is OpenAI's, so its lines are traffic the trace does not have.
    Path openai = dir.resolve("costs.json");
    Files.writeString(openai, """
        {"object": "page", "data": [{"object": "bucket", "start_time": 1772409600, "end_time": 1772496000,
          "results": [{"object": "organization.costs.result", "amount": {"value": 0.42, "currency": "usd"},
                       "line_item": "gpt-5-2025-08-07, cached input", "project_id": null},
                      {"object": "organization.costs.result", "amount": {"value": 0.08, "currency": "usd"},
                       "line_item": "Web search tool calls", "project_id": null}]}],
         "has_more": false, "next_page": null}
        """);
    JsonNode o = new ObjectMapper().readTree(CliTest.run("reconcile", run.toString(), "--usage", openai.toString(),
        "--json", "--price-date", "2026-07-24").out());
    assertEquals(List.of("openai"), List.of(o.path("providers").get(0).asText()));
    assertEquals(0, o.path("simulated_usd").asDouble(), 1e-9, "the anthropic baseline is out of an openai bill's scope");
    assertEquals(0.42, o.path("residual_usd").path("not_in_trace").asDouble(), 1e-9);
    JsonNode gpt = null;
    for (JsonNode row : o.path("rows")) {
      gpt = row.path("token_class").asText().equals("cache read") ? row : gpt;
    }
    assertEquals("openai/gpt-5", gpt.path("model").asText(), "'gpt-5-2025-08-07, cached input' is a model and a class");
    assertEquals(0.08, o.path("residual_usd").path("not_simulated").asDouble(), 1e-9);
    // Bad input: one line, exit 2, naming the file and the place.
    Path bad = dir.resolve("bad.csv");
    Files.writeString(bad, "date,model,token_class,amount_usd\n2026-03-02,claude-sonnet-4-5,input,lots\n");
    CliTest.Result b = CliTest.run("reconcile", run.toString(), "--usage", bad.toString());
    assertEquals(2, b.code());
    assertTrue(b.err().contains("bad.csv: line 2, field 'amount_usd': expected a number, got 'lots'"), b.err());
    Path missing = dir.resolve("nocol.csv");
    Files.writeString(missing, "date,model,amount_usd\n2026-03-02,x,1\n");
    CliTest.Result m = CliTest.run("reconcile", run.toString(), "--usage", missing.toString(), "--usage-format", "csv");
    assertEquals(2, m.code());
    assertTrue(m.err().contains("missing column 'token_class'"), m.err());
  }

  @Test
  void liteLlmDailyActivity_wholeModelDays_byHand() throws Exception {
    Path run = run();
    // LiteLLM's spend totals give one amount per model and day: day 1 $4.50 at list price (input $3.00 + output
    // $1.50), day 2 $1.62 (list $1.80 less 10%), and $0.30 of gpt-4o the trace did not record (its provider, openai,
    // comes from the model's catalog id: the daily activity names none).
    Path bill = dir.resolve("daily_activity.json");
    Files.writeString(bill, """
        {"results": [
          {"date": "2026-03-02",
           "metrics": {"spend": 4.5, "prompt_tokens": 1000000, "completion_tokens": 100000, "cache_read_input_tokens": 0,
                       "cache_creation_input_tokens": 0, "total_tokens": 1100000, "successful_requests": 10,
                       "failed_requests": 0, "api_requests": 10},
           "breakdown": {"models": {"claude-sonnet-4-5-20250929": {"metrics": {"spend": 4.5, "prompt_tokens": 1000000,
                           "completion_tokens": 100000, "cache_read_input_tokens": 0, "cache_creation_input_tokens": 0,
                           "total_tokens": 1100000, "successful_requests": 10, "failed_requests": 0,
                           "api_requests": 10}, "metadata": {}}},
                         "providers": {}, "api_keys": {}}},
          {"date": "2026-03-03",
           "metrics": {"spend": 1.92, "prompt_tokens": 420000, "completion_tokens": 41000, "total_tokens": 461000,
                       "api_requests": 5},
           "breakdown": {"models": {"claude-sonnet-4-5": {"metrics": {"spend": 1.62, "prompt_tokens": 400000,
                           "completion_tokens": 40000, "total_tokens": 440000, "api_requests": 4}},
                                    "gpt-4o": {"metrics": {"spend": 0.3, "prompt_tokens": 20000,
                           "completion_tokens": 1000, "total_tokens": 21000, "api_requests": 1}}},
                         "providers": {}, "api_keys": {}}}],
         "metadata": {"total_spend": 6.42, "total_api_requests": 15, "page": 1, "total_pages": 1, "has_more": false}}
        """);
    CliTest.Result r = CliTest.run("reconcile", run.toString(), "--usage", bill.toString(), "--json", "--price-date",
        "2026-07-24");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(List.of("anthropic", "openai"), List.of(j.path("providers").get(0).asText(),
        j.path("providers").get(1).asText()));
    assertEquals(6.30, j.path("simulated_usd").asDouble(), 1e-6, "4.50 + 1.80, each day's classes summed");
    assertEquals(6.42, j.path("recorded_usd").asDouble(), 1e-6);
    assertEquals(-0.18, j.path("residual_usd").path("price").asDouble(), 1e-6, "(4.50 + 1.62) − (4.50 + 1.80)");
    assertEquals(6.12 / 6.30, j.path("price_ratio").asDouble(), 1e-6);
    assertEquals(0.30, j.path("residual_usd").path("not_in_trace").asDouble(), 1e-6, "the gpt-4o traffic");
    List<String> classes = new ArrayList<>();
    j.path("rows").forEach(row -> classes.add(row.path("day").asText() + " " + row.path("model").asText() + " "
        + row.path("token_class").asText() + " " + row.path("simulated_usd").asDouble()));
    assertEquals(List.of("2026-03-02 anthropic/claude-sonnet-4-5 all classes 4.5",
        "2026-03-03 anthropic/claude-sonnet-4-5 all classes 1.8", "2026-03-03 openai/gpt-4o all classes 0.0"), classes);
  }
}
