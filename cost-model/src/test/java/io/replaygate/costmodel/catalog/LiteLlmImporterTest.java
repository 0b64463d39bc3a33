package io.replaygate.costmodel.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/** The importer on the dated LiteLLM snapshot in {@code shared/pricing}, and on small hand-written files. */
class LiteLlmImporterTest {
  static final LocalDate SNAPSHOT = LocalDate.of(2026, 7, 24);

  @TempDir
  Path tmp;

  static Path shared() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/pricing/model_prices_and_context_window.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  static boolean sharedPresent() {
    return shared() != null;
  }

  private static void assertPrice(String expected, BigDecimal actual) {
    assertEquals(0, new BigDecimal(expected).compareTo(actual), "expected " + expected + ", got " + actual);
  }

  @Test
  @EnabledIf("sharedPresent")
  void realSnapshot_mapsTheBundledModelsToTheSamePrices_andReportsTheRest() throws IOException {
    LiteLlmImporter.Result r = LiteLlmImporter.importFile(shared(), SNAPSHOT);
    assertTrue(r.entries().size() > 1000, "chat models mapped: " + r.entries().size());
    PriceCatalog imported = new PriceCatalog(SNAPSHOT, r.entries());
    PriceEntry sonnet = imported.at("anthropic/claude-sonnet-4-5", SNAPSHOT);
    PriceEntry bundled = CatalogLoader.bundled().at("anthropic/claude-sonnet-4-5", SNAPSHOT);
    for (var pair : new BigDecimal[][] {
        {sonnet.prices().input(), bundled.prices().input()}, {sonnet.prices().output(), bundled.prices().output()},
        {sonnet.prices().cacheRead(), bundled.prices().cacheRead()},
        {sonnet.prices().cacheWrite5m(), bundled.prices().cacheWrite5m()},
        {sonnet.prices().cacheWrite1h(), bundled.prices().cacheWrite1h()}}) {
      assertEquals(0, pair[0].compareTo(pair[1]));
    }
    LongContextTier tier = sonnet.longContext().get(0);
    assertEquals(200_000, tier.aboveTokens());
    assertPrice("6", tier.prices().input());
    assertPrice("22.5", tier.prices().output());
    assertPrice("12", tier.prices().cacheWrite1h());
    PriceEntry gpt5 = imported.at("openai/gpt-5", SNAPSHOT);
    assertPrice("0.5", gpt5.serviceTiers().get(ServiceTier.FLEX));
    assertPrice("2", gpt5.serviceTiers().get(ServiceTier.PRIORITY));
    assertEquals("openai_automatic", gpt5.semantics().family());
    assertPrice("0.5", imported.at("openai/gpt-4.1", SNAPSHOT).serviceTiers().get(ServiceTier.BATCH));
    assertPrice("0.028", imported.at("deepseek/deepseek-chat", SNAPSHOT).prices().cacheRead());
    // What could not be mapped is reported with counts, never dropped silently.
    assertTrue(r.skippedByReason().keySet().stream().anyMatch(k -> k.contains("'embedding'")), r.skippedByReason().toString());
    assertTrue(r.unmappedFields().containsKey("input_cost_per_audio_token"), r.unmappedFields().toString());
    int accounted = r.entries().size() + r.skippedByReason().values().stream().mapToInt(Integer::intValue).sum();
    assertEquals(2_984, accounted, "every top-level key is either an entry or a counted skip");
    // wandb's and a few others' figures are not per-token prices (up to $540,000 per million): skipped, counted.
    assertEquals(16, r.skippedByReason().get(
        "a price above $1000 per million tokens, above any real price (the catalog refuses it)"),
        r.skippedByReason().toString());

    // The written catalog loads back as the same entries.
    Path out = tmp.resolve("litellm.yaml");
    try (Writer w = Files.newBufferedWriter(out)) {
      LiteLlmImporter.writeCatalog(r.entries(), SNAPSHOT, w);
    }
    PriceCatalog back = CatalogLoader.load(out);
    assertEquals(r.entries().size(), back.entries().size());
    // LiteLLM has no latency figures: loaded back, an entry takes the bundled provider default.
    PriceCatalog shipped = CatalogLoader.bundled();
    for (PriceEntry e : List.of(sonnet, gpt5)) {
      PriceEntry loaded = back.at(e.id(), SNAPSHOT);
      assertEquals(shipped.at(e.id(), SNAPSHOT).latency(), loaded.latency());
      assertEquals(e, new PriceEntry(loaded.provider(), loaded.model(), loaded.effective(), loaded.observed(),
          loaded.source(), loaded.prices(), loaded.longContext(), loaded.serviceTiers(), loaded.semantics(), null));
    }
  }

  @Test
  void handWrittenFile_mapsTiersAndMultipliers() throws IOException {
    Path file = tmp.resolve("p.json");
    Files.writeString(file, """
        {"sample_spec": {"mode": "chat"},
         "acme/m1": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 2e-06,
                     "output_cost_per_token": 8e-06, "input_cost_per_token_batches": 1e-06,
                     "input_cost_per_token_above_128k_tokens": 4e-06, "input_cost_per_image": 0.01},
         "acme/e1": {"litellm_provider": "acme", "mode": "embedding", "input_cost_per_token": 1e-07}}
        """);
    LiteLlmImporter.Result r = LiteLlmImporter.importFile(file, SNAPSHOT);
    assertEquals(1, r.entries().size());
    PriceEntry m1 = r.entries().get(0);
    assertEquals("acme/m1", m1.id());
    assertPrice("2", m1.prices().input());
    assertPrice("0.5", m1.serviceTiers().get(ServiceTier.BATCH));
    assertEquals(128_000, m1.longContext().get(0).aboveTokens());
    assertPrice("4", m1.longContext().get(0).prices().input());
    assertEquals(1, r.unmappedFields().get("input_cost_per_image"));
    assertEquals(2, r.skippedByReason().size());
  }

  @Test
  void valuesTheCatalogRefuses_areSkippedWithTheirReason_andWhatIsWrittenLoads() throws IOException {
    Path file = tmp.resolve("p.json");
    Files.writeString(file, """
        {"acme/ok": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06,
                     "output_cost_per_token": 2e-06},
         "acme/free": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": "free",
                       "output_cost_per_token": 0},
         "acme/minus": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": -1,
                        "output_cost_per_token": 2e-06},
         "wandb/huge": {"litellm_provider": "wandb", "mode": "chat", "input_cost_per_token": 0.135,
                        "output_cost_per_token": 0.54},
         "acme/huge-tier": {"litellm_provider": "acme", "mode": "chat", "input_cost_per_token": 1e-06,
                            "output_cost_per_token": 2e-06, "input_cost_per_token_above_200k_tokens": 0.01}}
        """);
    LiteLlmImporter.Result r = LiteLlmImporter.importFile(file, SNAPSHOT);
    assertEquals(List.of("acme/ok"), r.entries().stream().map(PriceEntry::id).toList());
    assertEquals(1, r.skippedByReason().get("an input or output price that is not a number"));
    assertEquals(1, r.skippedByReason().get("a negative price (the catalog refuses it)"));
    assertEquals(2, r.skippedByReason().get(
        "a price above $1000 per million tokens, above any real price (the catalog refuses it)"));
    Path out = tmp.resolve("c.yaml");
    try (Writer w = Files.newBufferedWriter(out)) {
      LiteLlmImporter.writeCatalog(r.entries(), SNAPSHOT, w);
    }
    assertEquals(1, CatalogLoader.load(out).entries().size());
  }

  @Test
  void notJson_isTypedError() throws IOException {
    Path file = tmp.resolve("bad.json");
    Files.writeString(file, "{ nope");
    CatalogException e = assertThrows(CatalogException.class, () -> LiteLlmImporter.importFile(file, SNAPSHOT));
    assertTrue(e.problem().startsWith("malformed JSON"), e.getMessage());
  }
}
