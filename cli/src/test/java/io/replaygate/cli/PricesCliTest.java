package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesCliTest {
  @TempDir
  Path tmp;

  @Test
  void quote_printsLineItemsAndTheExactTotal() {
    CliTest.Result r = CliTest.run("prices", "quote", "anthropic/claude-sonnet-4-5", "--price-date", "2026-07-24",
        "--input", "10000", "--cache-read", "20000", "--cache-write-5m", "30000", "--cache-write-1h", "40000",
        "--output", "5000");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("cache write (1 h)"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("total") && l.contains(" 0.4635 USD")), r.out());
  }

  @Test
  void quote_batchTier_andOverrideWithNegotiatedRate() throws IOException {
    Path overrides = tmp.resolve("ours.yaml");
    Files.writeString(overrides, """
        models:
          - {provider: openai, model: gpt-4.1, effective: 2026-01-01, source: "our enterprise agreement", prices: {input: 1.60}}
        """);
    // (1,000,000 × 1.60 + 1,000,000 × 8.00) × batch 0.5 = 4.80
    CliTest.Result r = CliTest.run("prices", "quote", "openai/gpt-4.1", "--overrides", overrides.toString(),
        "--price-date", "2026-07-24", "--tier", "batch", "--input", "1000000", "--output", "1000000", "--json");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\"total\" : 4.8"), r.out());
  }

  @Test
  void badOverrides_exit2WithFileLineAndKey() throws IOException {
    Path overrides = tmp.resolve("bad.yaml");
    Files.writeString(overrides, "models:\n  - {provider: openai, model: gpt-4.1, effective: 2026-01-01, source: x,\n"
        + "     prices: {input: -1.60}}\n");
    CliTest.Result r = CliTest.run("prices", "list", "--overrides", overrides.toString());
    assertEquals(2, r.code());
    assertEquals("replaygate: " + overrides + ": line 2: key 'models[0].prices.input': a price cannot be negative, got -1.60\n",
        r.err());
  }

  @Test
  void unknownModel_andDateBeforeAnyEntry_exit2() {
    CliTest.Result unknown = CliTest.run("prices", "show", "openai/gpt-99");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("no price for 'openai/gpt-99'"), unknown.err());
    CliTest.Result early = CliTest.run("prices", "show", "openai/gpt-5", "--price-date", "2020-01-01");
    assertEquals(2, early.code());
    assertTrue(early.err().contains("earliest entry is effective 2025-08-07"), early.err());
  }

  @Test
  void listGpus_showsSpecsAndIndicativePrices() {
    CliTest.Result r = CliTest.run("prices", "list", "--gpus", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("MI300X-192GB") && r.out().contains("INDICATIVE"), r.out());
  }

  @Test
  void list_showsEveryProvider() {
    CliTest.Result r = CliTest.run("prices", "list", "--price-date", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    for (String p : new String[] {"anthropic/", "openai/", "gemini/", "deepseek/", "fireworks/", "bedrock/", "azure/"}) {
      assertTrue(r.out().contains(p), p);
    }
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIf("io.replaygate.cli.PricesCliTest#litellmPresent")
  void importLitellm_writesALoadableCatalog_andReportsWhatItSkipped() {
    Path out = tmp.resolve("litellm.yaml");
    CliTest.Result r = CliTest.run("prices", "import-litellm", litellm().toString(), "--out", out.toString(),
        "--effective", "2026-07-24");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("wrote "), r.out());
    assertTrue(r.out().contains("is not priced per token here"), r.out());
    CliTest.Result q = CliTest.run("prices", "quote", "deepseek/deepseek-chat", "--overrides", out.toString(),
        "--price-date", "2026-07-24", "--input", "1000000", "--cache-read", "1000000");
    assertEquals(0, q.code(), q.err());
    assertTrue(q.out().lines().anyMatch(l -> l.trim().startsWith("total") && l.contains(" 0.308 USD")), q.out());
  }

  static Path litellm() {
    return io.replaygate.trace.SharedTraces.DIR.resolveSibling("pricing").resolve("model_prices_and_context_window.json");
  }

  static boolean litellmPresent() {
    return Files.isRegularFile(litellm());
  }

  @Test
  void staleWarning_overNinetyDays_isGiven_atNinetyIsNot() {
    java.time.LocalDate catalog = java.time.LocalDate.parse("2026-07-24");
    // 2026-07-24 + 90 days = 2026-10-22.
    assertEquals(null, CatalogOptions.staleWarning(catalog, java.time.LocalDate.parse("2026-10-22"), false));
    String w = CatalogOptions.staleWarning(catalog, java.time.LocalDate.parse("2026-12-01"), false);
    assertTrue(w.contains("of 2026-07-24, 130 days before the price date 2026-12-01"), w);
  }

  @Test
  void priceDate_longAfterTheCatalog_warnsOnce_onStderr() {
    CliTest.Result late = CliTest.run("prices", "quote", "anthropic/claude-sonnet-4-5", "--input", "1000",
        "--price-date", "2027-06-01");
    assertEquals(0, late.code(), late.err());
    assertEquals(1, late.err().split("warning: the bundled price catalog", -1).length - 1, late.err());
    CliTest.Result pinned = CliTest.run("prices", "quote", "anthropic/claude-sonnet-4-5", "--input", "1000",
        "--price-date", "2026-08-01");
    assertFalse(pinned.err().contains("warning"), pinned.err());
  }
}
