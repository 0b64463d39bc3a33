package io.replaygate.replay.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.replay.cache.CacheSettings.Placement;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioLoaderTest {
  @TempDir
  Path tmp;

  static Path examples() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("examples"))) {
      p = p.getParent();
    }
    return p.resolve("examples");
  }

  @Test
  void everyExample_loads_withWhatItSays() throws Exception {
    Scenario byok = ScenarioLoader.load(examples().resolve("managed-vs-byok.yaml"));
    assertEquals(42L, byok.seed());
    assertEquals(5, byok.paths().size());
    assertEquals(List.of("observed"), byok.paths().get(0).routes().get(0).targets());
    Scenario.PathConfig openai = byok.paths().get(3);
    assertEquals(Scenario.Profile.BYOK, openai.profile());
    assertEquals(0, new BigDecimal("0.2").compareTo(openai.terms().negotiatedDiscount()));
    assertEquals(3, openai.terms().platformFees().size());
    assertEquals(2_000_000_000L, openai.keyQuota().tokensPerMonth());
    assertEquals(ServiceTier.STANDARD, openai.tier());
    assertEquals(4000, byok.rateLimits().get("anthropic/claude-sonnet-4-5").requestsPerMinute());
    assertEquals(7_200_000_000L, byok.outages().get(0).from().offsetUs());
    Scenario cache = ScenarioLoader.load(examples().resolve("cache-semantics.yaml"));
    assertEquals(Placement.SYSTEM_PREFIX, cache.cache().anthropic().breakpoints().get(0).placement());
    assertTrue(cache.cache().anthropic().breakpoints().get(0).oneHour());
    assertEquals("session", cache.cache().openai().promptCacheKey());
    assertEquals(3600, cache.cache().params().get("gemini_explicit").ttlSeconds());
    try (Stream<Path> all = Files.list(examples())) {
      for (Path p : all.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        if (p.getFileName().toString().startsWith("plan")) { // a plan file (replaygate plan), over a scenario
          PlanLoader.load(p, PlanLoaderTest.defaults(), 42);
        } else {
          ScenarioLoader.load(p);
        }
      }
    }
  }

  static Stream<Arguments> badScenarios() {
    return Stream.of(
        Arguments.of("paths:\n  - {name: a, profile: managed, target: openai/gpt-5, colour: red}\n", 2,
            "paths[0].colour", "unknown key"),
        Arguments.of("seed: 1\nwindw: 5m\n", 2, "windw", "unknown key"),
        Arguments.of("window: -5m\n", 1, "window", "cannot be negative"),
        Arguments.of("window: soon\n", 1, "window", "expected a duration"),
        Arguments.of("paths:\n  - name: a\n    profile: byoc\n    target: openai/gpt-5\n", 3, "paths[0].profile",
            "unknown value 'byoc'"),
        Arguments.of("paths:\n  - {name: a, profile: byok, target: openai/gpt-5, terms: {discount: 120%}}\n", 2,
            "paths[0].terms.discount", "between 0% and 100%"),
        Arguments.of("paths:\n  - {name: a, profile: managed, target: gpt5}\n", 2, "paths[0].target",
            "provider/model"),
        Arguments.of("paths:\n  - {name: a, profile: managed}\n", 2, "paths[0]", "a target or routing"),
        Arguments.of("rate_limits: {openai: {requests_per_minute: -3}}\n", 1,
            "rate_limits.openai.requests_per_minute", "between 0"),
        Arguments.of("outages: [{provider: anthropic, from: yesterday, to: +1h}]\n", 1, "outages[0].from",
            "expected an instant"),
        Arguments.of("semantics: {anthropic_explicit: {breakpoints: [everywhere]}}\n", 1,
            "semantics.anthropic_explicit.breakpoints[0]", "unknown breakpoint"),
        Arguments.of("semantics: {anthropic_explicit: {breakpoints: [end_of_prompt, end_of_prompt, end_of_prompt, "
            + "previous_turn, end_of_prompt]}}\n", 1, "semantics.anthropic_explicit.breakpoints", "at most 4"),
        Arguments.of("semantics: {openai_automatic: {prompt_cache_key: user}}\n", 1,
            "semantics.openai_automatic.prompt_cache_key", "unknown value"),
        Arguments.of("paths:\n  - {name: a, profile: managed, target: openai/gpt-5}\n"
            + "  - {name: a, profile: managed, target: openai/gpt-5}\n", 3, "paths[1].name", "two paths"),
        Arguments.of("paths: [\n", 0, null, "malformed YAML"));
  }

  @ParameterizedTest
  @MethodSource("badScenarios")
  void badScenario_isATypedError_namingFileLineAndKey(String yaml, int line, String key, String problem)
      throws IOException {
    Path f = tmp.resolve("bad.yaml");
    Files.writeString(f, yaml);
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    if (line > 0) {
      assertEquals(line, e.line(), e.getMessage());
    }
    if (key != null) {
      assertEquals(key, e.key(), e.getMessage());
    }
  }

  @Test
  void quickPaths_parseProfilesAndTargets() {
    Scenario.PathConfig byok = ScenarioLoader.quickPath("byok:openai/gpt-5", new BigDecimal("0.2"));
    assertEquals(Scenario.Profile.BYOK, byok.profile());
    assertEquals("openai/gpt-5", byok.routes().get(0).targets().get(0));
    assertEquals(0, new BigDecimal("0.2").compareTo(byok.terms().negotiatedDiscount()));
    assertEquals("ideal", ScenarioLoader.quickPath("managed:ideal", null).routes().get(0).targets().get(0));
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.quickPath("anthropic", null));
    assertTrue(e.getMessage().contains("PROFILE:TARGET"), e.getMessage());
    // A cluster profile takes no target on the command line: its cluster comes from the defaults or a scenario.
    e = assertThrows(ScenarioException.class, () -> ScenarioLoader.quickPath("byoc_dynamo:x/y", null));
    assertTrue(e.getMessage().contains("takes no target"), e.getMessage());
    e = assertThrows(ScenarioException.class, () -> ScenarioLoader.quickPath("live:prod", null));
    assertTrue(e.getMessage().contains("not available in this version"), e.getMessage());
    Scenario.PathConfig epp = ScenarioLoader.quickPath("byoc_epp", null);
    assertEquals(Scenario.Profile.BYOC_EPP, epp.profile());
    assertEquals("epp", epp.cluster().deployments().get(0).router().router().wireName());
    assertEquals("anthropic/claude-sonnet-4-5", epp.cluster().fallback());
    assertEquals(1, ScenarioLoader.quickPath("hybrid", null).cluster().lanes().top());
  }

  @org.junit.jupiter.api.Test
  void byocExample_loadsEveryClusterKey() {
    Scenario sc = ScenarioLoader.load(java.nio.file.Path.of("..", "examples", "byoc-cluster.yaml"));
    Scenario.PathConfig dyn = sc.paths().get(1);
    assertEquals(Scenario.Profile.BYOC_DYNAMO, dyn.profile());
    var d = dyn.cluster().deployments().get(0);
    assertEquals(512.0, d.tiers().hostGbPerReplica());
    assertEquals("reactive", d.scaling().policy().wireName());
    assertEquals(180_000_000L, d.scaling().coldStartUs());
    assertEquals(100_000L, sc.paths().get(2).cluster().deployments().get(0).router().stalenessUs());
    assertEquals(2, sc.paths().get(3).cluster().deployments().size());
    assertEquals(1, sc.paths().get(4).cluster().lanes().top());
  }

  @org.junit.jupiter.api.Test
  void byocPath_badKey_namesFileLineAndKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws java.io.IOException {
    java.nio.file.Path f = tmp.resolve("bad.yaml");
    java.nio.file.Files.writeString(f, "paths:\n  - name: c\n    profile: byoc_epp\n    router: {name: epp, stale: 1s}\n");
    ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f));
    assertTrue(e.getMessage().contains("bad.yaml") && e.getMessage().contains("line 4") && e.getMessage().contains("stale"),
        e.getMessage());
  }
}
