package io.replaygate.costmodel.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogLoaderTest {
  @TempDir
  Path tmp;

  static final LocalDate DAY = LocalDate.of(2026, 7, 24);

  @Test
  void bundled_coversEveryProvider_withDatesAndSources() {
    PriceCatalog c = CatalogLoader.bundled();
    Set<String> providers = c.current(DAY).stream().map(PriceEntry::provider).collect(Collectors.toSet());
    assertEquals(Set.of("anthropic", "openai", "gemini", "deepseek", "fireworks", "bedrock", "azure"), providers);
    for (PriceEntry e : c.entries()) {
      assertNotNull(e.effective(), e.id());
      assertFalse(e.source().isBlank(), e.id());
      assertNotNull(e.prices().input(), e.id());
      assertFalse("none".equals(e.semantics().family()), e.id() + " has cache semantics");
    }
    assertEquals(LocalDate.of(2026, 7, 24), c.catalogDate());
  }

  @Test
  void priceDate_picksTheEntryInForce_andRejectsDatesBeforeAny() throws IOException {
    Path overrides = tmp.resolve("o.yaml");
    Files.writeString(overrides, """
        models:
          - provider: anthropic
            model: claude-sonnet-4-5
            effective: 2027-01-01
            source: "our 2027 contract"
            prices: {input: 2.40}
        """);
    PriceCatalog c = CatalogLoader.withOverrides(CatalogLoader.bundled(), overrides);
    assertEquals(0, new BigDecimal("3.00").compareTo(c.at("anthropic/claude-sonnet-4-5", DAY).prices().input()));
    PriceEntry later = c.at("anthropic/claude-sonnet-4-5", LocalDate.of(2027, 3, 1));
    assertEquals(0, new BigDecimal("2.40").compareTo(later.prices().input()));
    // The partial override inherits everything else from the entry it follows.
    assertEquals(0, new BigDecimal("15.00").compareTo(later.prices().output()));
    assertEquals("anthropic_explicit", later.semantics().family());
    assertEquals(1, later.longContext().size());
    CatalogException e = assertThrows(CatalogException.class,
        () -> c.at("anthropic/claude-sonnet-4-5", LocalDate.of(2024, 1, 1)));
    assertTrue(e.problem().contains("earliest entry is effective 2025-09-29"), e.getMessage());
  }

  @Test
  void unknownModel_isAnErrorWithSuggestions() {
    CatalogException e = assertThrows(CatalogException.class,
        () -> CatalogLoader.bundled().at("anthropic/claude-sonnet-9", DAY));
    assertTrue(e.problem().startsWith("no price for 'anthropic/claude-sonnet-9'"), e.getMessage());
    CatalogException alike = assertThrows(CatalogException.class,
        () -> CatalogLoader.bundled().at("openai/claude-sonnet-4-5", DAY));
    assertTrue(alike.problem().contains("did you mean anthropic/claude-sonnet-4-5"), alike.getMessage());
  }

  static Stream<Arguments> badOverrides() {
    return Stream.of(
        Arguments.of("unknown key", """
            models:
              - provider: acme
                model: m1
                effective: 2026-01-01
                source: x
                prices: {input: 1, output: 2, inptu: 3}
            """, 6, "models[0].prices.inptu", "unknown key"),
        Arguments.of("negative price", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: -1, output: 2}}
            """, 2, "models[0].prices.input", "cannot be negative"),
        Arguments.of("price above any real price", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: 1, output: 1000.01}}
            """, 2, "models[0].prices.output", "above any real price"),
        Arguments.of("long-context price above any real price", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: 1, output: 2},
                 long_context: [{above_tokens: 200000, input: 540000}]}
            """, 2, "models[0].long_context[0].input", "above any real price"),
        Arguments.of("new model without prices", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: 1}}
            """, 2, "models[0].prices.output", "needs an output price"),
        Arguments.of("bad date", """
            models:
              - {provider: acme, model: m1, effective: 2026-13-01, source: x, prices: {input: 1, output: 1}}
            """, 2, "models[0].effective", "expected a date"),
        Arguments.of("wrong type", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: cheap, output: 1}}
            """, 2, "models[0].prices.input", ""),
        Arguments.of("unknown family", """
            catalog_date: 2026-01-01
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: 1, output: 1},
                 semantics: {family: magic}}
            """, 3, "models[0].semantics.family", "unknown family"),
        Arguments.of("unknown top-level key", """
            modles: []
            """, 1, "modles", "unknown key"),
        Arguments.of("service tier", """
            models:
              - {provider: acme, model: m1, effective: 2026-01-01, source: x, prices: {input: 1, output: 1},
                 service_tiers: {turbo: 2}}
            """, 2, "models[0].service_tiers.turbo", "unknown service tier"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOverrides")
  void badOverrideFile_namesFileLineAndKey(String name, String yaml, int line, String key, String problem)
      throws IOException {
    Path file = tmp.resolve("bad.yaml");
    Files.writeString(file, yaml);
    CatalogException e = assertThrows(CatalogException.class,
        () -> CatalogLoader.withOverrides(CatalogLoader.bundled(), file));
    assertEquals(file.toString(), e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(key, e.key(), e.getMessage());
    assertTrue(e.problem().contains(problem), e.getMessage());
  }

  @Test
  void latency_comesFromTheEntry_elseItsProviderDefault_andOverridesCanChangeIt() throws IOException {
    PriceCatalog c = CatalogLoader.bundled();
    // Every bundled entry has latency parameters; Anthropic's default is 800 ms + 25 ms per 1k, 16 ms/token.
    assertTrue(c.current(DAY).stream().allMatch(e -> e.latency() != null));
    assertEquals(new LatencyParams(800, 25, 16), c.at("anthropic/claude-sonnet-4-5", DAY).latency());
    assertEquals(800 + 25 * 4.0, c.at("anthropic/claude-sonnet-4-5", DAY).latency().ttftMs(4000), 1e-9);
    Path overrides = tmp.resolve("lat.yaml");
    Files.writeString(overrides, """
        catalog_date: 2026-07-24
        models:
          - {provider: anthropic, model: claude-sonnet-4-5, effective: 2026-07-24,
             latency: {ttft_base_ms: 400, ttft_ms_per_1k_uncached: 10, tpot_ms: 9}}
          - {provider: acme, model: m1, effective: 2026-07-24, source: "our contract",
             prices: {input: 1, output: 2}}
        """);
    PriceCatalog o = CatalogLoader.withOverrides(c, overrides);
    assertEquals(new LatencyParams(400, 10, 9), o.at("anthropic/claude-sonnet-4-5", DAY).latency());
    // A provider the catalog has no default for takes the "*" default.
    assertEquals(new LatencyParams(700, 30, 15), o.at("acme/m1", DAY).latency());
    Files.writeString(overrides, """
        catalog_date: 2026-07-24
        latency_defaults:
          acme: {ttft_base_ms: 100, ttft_ms_per_1k_uncached: 1, tpot_ms: 2, jitter: 3}
        """);
    CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.withOverrides(c, overrides));
    assertTrue(e.getMessage().contains("latency_defaults.acme.jitter") && e.getMessage().contains("line 3"),
        e.getMessage());
  }

  @Test
  void missingOverrideFile_isTypedError() {
    CatalogException e = assertThrows(CatalogException.class,
        () -> CatalogLoader.withOverrides(CatalogLoader.bundled(), tmp.resolve("none.yaml")));
    assertEquals("no such file", e.problem());
  }
}
