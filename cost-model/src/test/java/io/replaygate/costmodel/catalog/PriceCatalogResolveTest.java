package io.replaygate.costmodel.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a model as a trace recorded it maps to a catalog entry (the observed baseline's routing). */
class PriceCatalogResolveTest {
  private static final PriceCatalog CATALOG = CatalogLoader.bundled();

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(nullValues = "NULL", value = {
      "anthropic, claude-sonnet-4-5-20250929, anthropic/claude-sonnet-4-5",
      "anthropic, claude-sonnet-4-5, anthropic/claude-sonnet-4-5",
      "openai, gpt-5-2025-08-07, openai/gpt-5",
      "openai, gpt-5-mini-2025-08-07, openai/gpt-5-mini",
      "NULL, anthropic/claude-opus-4-5-20251101, anthropic/claude-opus-4-5",
      "vertex_ai, gemini-2.5-flash, gemini/gemini-2.5-flash",
      "fireworks, accounts/fireworks/models/llama-v3p1-70b-instruct, fireworks/llama-v3p1-70b-instruct",
      "NULL, accounts/fireworks/models/llama-v3p1-70b-instruct, fireworks/llama-v3p1-70b-instruct",
      "bedrock, us.anthropic.claude-sonnet-4-5-20250929-v1:0, bedrock/claude-sonnet-4-5",
      "NULL, deepseek-chat, deepseek/deepseek-chat",
      "anthropic, claude-haiku-4-5@20251001, anthropic/claude-haiku-4-5"})
  void resolve_recordedModel_isCatalogEntry(String provider, String model, String id) {
    assertEquals(id, CATALOG.resolve(provider, model));
  }

  @Test
  void resolve_unknownModel_namesNearMatches() {
    CatalogException e = assertThrows(CatalogException.class, () -> CATALOG.resolve("anthropic", "claude-sonnet-9"));
    assertTrue(e.getMessage().contains("'anthropic / claude-sonnet-9'"), e.getMessage());
    assertTrue(e.getMessage().contains("anthropic/claude-sonnet-4-5"), e.getMessage());
  }

  @Test
  void resolve_withoutProvider_prefersTheMaker() {
    // gpt-5 is sold by openai and azure, claude-opus-4-5 by anthropic and bedrock: the maker's own API
    assertEquals("openai/gpt-5", CATALOG.resolve(null, "gpt-5"));
    assertEquals("anthropic/claude-opus-4-5", CATALOG.resolve(null, "claude-opus-4-5-20251101"));
  }

  @Test
  void resolve_noModel_isError() {
    assertThrows(CatalogException.class, () -> CATALOG.resolve("openai", null));
  }
}
