package io.replaygate.costmodel.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Converts LiteLLM's {@code model_prices_and_context_window.json} (per-token USD prices, one object per
 * model key) into catalog entries. Mapping:
 * <ul>
 *   <li>provider from {@code litellm_provider} ({@code bedrock_converse} → bedrock, {@code fireworks_ai} →
 *       fireworks, {@code vertex_ai-*} → vertex); model = the key without its provider prefix;</li>
 *   <li>{@code input/output_cost_per_token} → input/output, {@code cache_read_input_token_cost} → cache_read,
 *       {@code cache_creation_input_token_cost} → cache_write_5m, {@code ..._above_1hr} → cache_write_1h,
 *       all × 10^6 (per million tokens);</li>
 *   <li>{@code ..._above_NNNk_tokens} → a long-context tier above NNN×1000 tokens;</li>
 *   <li>{@code ..._batches}, {@code ..._flex}, {@code ..._priority} → service-tier multipliers (the input
 *       price's ratio);</li>
 *   <li>cache semantics from the provider's family, with that family's default parameters.</li>
 * </ul>
 * Only chat / completion / responses models are priced per token here; everything else (embeddings,
 * images, audio, per-second or per-query prices) is reported as not mapped, with counts, never dropped
 * silently.
 */
public final class LiteLlmImporter {
  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final Set<String> TOKEN_MODES = Set.of("chat", "completion", "responses");
  private static final Set<String> MAPPED = Set.of("input_cost_per_token", "output_cost_per_token",
      "cache_read_input_token_cost", "cache_creation_input_token_cost", "cache_creation_input_token_cost_above_1hr");

  private LiteLlmImporter() {}

  /** What an import produced and what it could not map. */
  public record Result(List<PriceEntry> entries, Map<String, Integer> skippedByReason,
      Map<String, Integer> unmappedFields) {}

  public static Result importFile(Path file, LocalDate effective) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new CatalogException(file.toString(), null, null, "no such file");
    } catch (JsonProcessingException e) {
      throw new CatalogException(file.toString(), e.getLocation() == null ? null : e.getLocation().getLineNr(), null,
          "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CatalogException(file.toString(), null, null, "cannot read: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new CatalogException(file.toString(), null, null, "expected LiteLLM's JSON object of models");
    }
    List<PriceEntry> entries = new ArrayList<>();
    Map<String, Integer> skipped = new TreeMap<>();
    Map<String, Integer> unmapped = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode m = e.getValue();
      if (key.equals("sample_spec") || !m.isObject()) {
        skipped.merge("not a model (" + key + ")", 1, Integer::sum);
        continue;
      }
      String mode = m.path("mode").asText("");
      if (!TOKEN_MODES.contains(mode)) {
        skipped.merge("mode '" + (mode.isEmpty() ? "unset" : mode) + "' is not priced per token here", 1, Integer::sum);
        continue;
      }
      if (!m.hasNonNull("input_cost_per_token") || !m.hasNonNull("output_cost_per_token")) {
        skipped.merge("no per-token input and output price", 1, Integer::sum);
        continue;
      }
      if (!m.get("input_cost_per_token").isNumber() || !m.get("output_cost_per_token").isNumber()) {
        skipped.merge("an input or output price that is not a number", 1, Integer::sum);
        continue;
      }
      String litellmProvider = m.path("litellm_provider").asText("unknown");
      String provider = provider(litellmProvider);
      String model = model(key, litellmProvider);
      TokenPrices base = new TokenPrices(perMillion(m, "input_cost_per_token"), perMillion(m, "output_cost_per_token"),
          perMillion(m, "cache_read_input_token_cost"), perMillion(m, "cache_creation_input_token_cost"),
          perMillion(m, "cache_creation_input_token_cost_above_1hr"), null);
      Map<Long, Map<String, BigDecimal>> tiers = new TreeMap<>();
      Map<ServiceTier, BigDecimal> serviceTiers = new EnumMap<>(ServiceTier.class);
      for (Iterator<String> f = m.fieldNames(); f.hasNext(); ) {
        String field = f.next();
        if (!field.contains("cost") || MAPPED.contains(field) || !m.get(field).isNumber()) {
          continue;
        }
        if (!tier(field, m, tiers) && !serviceTier(field, m, base, serviceTiers)) {
          unmapped.merge(field, 1, Integer::sum);
        }
      }
      List<LongContextTier> longContext = new ArrayList<>();
      tiers.forEach((above, prices) -> longContext.add(new LongContextTier(above, new TokenPrices(
          prices.get("input"), prices.get("output"), prices.get("cache_read"), prices.get("cache_write_5m"),
          prices.get("cache_write_1h"), null))));
      // Never write what the loader would refuse: the same rule, applied before the entry exists.
      String refused = refusal(base, longContext, serviceTiers);
      if (refused != null) {
        skipped.merge(refused, 1, Integer::sum);
        continue;
      }
      entries.add(new PriceEntry(provider, model, effective, effective,
          "LiteLLM model_prices_and_context_window.json, key '" + key + "'", base, longContext, serviceTiers,
          semantics(provider, model), null));
    }
    // Several LiteLLM keys can name the same provider/model (aliases): keep the first, count the rest.
    Map<String, PriceEntry> unique = new TreeMap<>();
    for (PriceEntry pe : entries) {
      if (unique.putIfAbsent(pe.id(), pe) != null) {
        skipped.merge("duplicate of an earlier key for the same provider/model", 1, Integer::sum);
      }
    }
    return new Result(new ArrayList<>(unique.values()), skipped, unmapped);
  }

  /**
   * Why the loader would refuse an entry, as a skip reason (its kind, not its figure, so that reasons group), or
   * null: a price negative or above {@link TokenPrices#MAX_PER_MILLION}, or a service-tier multiplier that is not
   * positive.
   */
  static String refusal(TokenPrices base, List<LongContextTier> tiers, Map<ServiceTier, BigDecimal> serviceTiers) {
    List<TokenPrices> all = new ArrayList<>(List.of(base));
    tiers.forEach(t -> all.add(t.prices()));
    for (TokenPrices p : all) {
      for (BigDecimal v : p.byField().values()) {
        if (v != null && v.signum() < 0) {
          return "a negative price (the catalog refuses it)";
        }
        if (TokenPrices.problem(v) != null) {
          return "a price above $" + TokenPrices.MAX_PER_MILLION.toPlainString()
              + " per million tokens, above any real price (the catalog refuses it)";
        }
      }
    }
    if (serviceTiers.values().stream().anyMatch(v -> v.signum() <= 0)) {
      return "a service-tier price that is not positive (the catalog refuses it)";
    }
    return null;
  }

  private static BigDecimal perMillion(JsonNode m, String field) {
    JsonNode v = m.get(field);
    if (v == null || !v.isNumber()) {
      return null;
    }
    return new BigDecimal(v.asText()).multiply(MILLION).round(MathContext.DECIMAL64).stripTrailingZeros();
  }

  /** {@code <class>_above_<N>k_tokens} → tier N×1000; returns whether the field was one. */
  private static boolean tier(String field, JsonNode m, Map<Long, Map<String, BigDecimal>> tiers) {
    String oneHour = "cache_creation_input_token_cost_above_1hr";
    int at = field.startsWith(oneHour + "_above_") ? oneHour.length() : field.indexOf("_above_");
    if (at < 0 || !field.endsWith("k_tokens")) {
      return false;
    }
    String threshold = field.substring(at + "_above_".length(), field.length() - "k_tokens".length());
    long above;
    try {
      above = Long.parseLong(threshold) * 1000L;
    } catch (NumberFormatException e) {
      return false;
    }
    String head = field.substring(0, at);
    String cls = switch (head) {
      case "input_cost_per_token" -> "input";
      case "output_cost_per_token" -> "output";
      case "cache_read_input_token_cost" -> "cache_read";
      case "cache_creation_input_token_cost" -> "cache_write_5m";
      case "cache_creation_input_token_cost_above_1hr" -> "cache_write_1h";
      default -> null;
    };
    if (cls == null) {
      return false;
    }
    tiers.computeIfAbsent(above, k -> new TreeMap<>()).put(cls, perMillion(m, field));
    return true;
  }

  /** {@code input_cost_per_token_<batches|flex|priority>} → multiplier; other classes' are consistent echoes. */
  private static boolean serviceTier(String field, JsonNode m, TokenPrices base, Map<ServiceTier, BigDecimal> out) {
    for (String suffix : List.of("_batches", "_flex", "_priority")) {
      if (!field.endsWith(suffix)) {
        continue;
      }
      ServiceTier tier = switch (suffix) {
        case "_batches" -> ServiceTier.BATCH;
        case "_flex" -> ServiceTier.FLEX;
        default -> ServiceTier.PRIORITY;
      };
      if (field.equals("input_cost_per_token" + suffix) && base.input().signum() > 0) {
        out.put(tier, perMillion(m, field).divide(base.input(), MathContext.DECIMAL64).stripTrailingZeros());
      }
      return field.startsWith("input_cost_per_token") || field.startsWith("output_cost_per_token")
          || field.startsWith("cache_read_input_token_cost") || field.startsWith("cache_creation_input_token_cost");
    }
    return false;
  }

  private static String provider(String litellm) {
    String p = litellm.toLowerCase(Locale.ROOT);
    if (p.startsWith("bedrock")) {
      return "bedrock";
    }
    if (p.startsWith("vertex_ai")) {
      return "vertex";
    }
    if (p.equals("fireworks_ai")) {
      return "fireworks";
    }
    return p;
  }

  private static String model(String key, String litellmProvider) {
    String m = key;
    for (String prefix : List.of(litellmProvider + "/", "fireworks_ai/accounts/fireworks/models/", "fireworks_ai/",
        "bedrock/", "vertex_ai/", "gemini/", "deepseek/", "azure/")) {
      if (m.startsWith(prefix)) {
        m = m.substring(prefix.length());
      }
    }
    return m;
  }

  /** The provider family's cache semantics with its default parameters (DESIGN §3). */
  static CacheSemantics semantics(String provider, String model) {
    return switch (provider) {
      case "anthropic" -> new CacheSemantics("anthropic_explicit", 1024, 1, 300, 3600);
      case "bedrock" -> model.contains("claude") ? new CacheSemantics("anthropic_explicit", 1024, 1, 300, 3600)
          : CacheSemantics.NONE;
      case "openai", "azure", "azure_ai" -> new CacheSemantics("openai_automatic", 1024, 128, 300, 3600);
      case "gemini", "vertex" -> model.contains("gemini") ? new CacheSemantics("gemini_implicit", 1024, 1, 3600, null)
          : CacheSemantics.NONE;
      case "deepseek" -> new CacheSemantics("deepseek_disk", 64, 64, 86400, null);
      case "fireworks" -> new CacheSemantics("fireworks", 1, 1, 300, null);
      default -> CacheSemantics.NONE;
    };
  }

  /** Writes entries in the catalog's YAML schema (one flow mapping per entry, sorted, deterministic). */
  public static void writeCatalog(List<PriceEntry> entries, LocalDate catalogDate, Writer out) throws IOException {
    out.write("# replaygate price catalog imported from LiteLLM's model_prices_and_context_window.json (MIT).\n");
    out.write("# USD per million tokens; see the bundled models.yaml for the field meanings.\n");
    out.write("catalog_date: " + catalogDate + "\n");
    out.write("models:\n");
    ObjectMapper json = new ObjectMapper();
    for (PriceEntry e : entries) {
      StringBuilder sb = new StringBuilder("  - {provider: ").append(q(json, e.provider()))
          .append(", model: ").append(q(json, e.model())).append(", effective: ").append(e.effective())
          .append(", observed: ").append(e.observed()).append(",\n     source: ").append(q(json, e.source()))
          .append(",\n     prices: {").append(prices(e.prices())).append('}');
      if (!e.longContext().isEmpty()) {
        sb.append(",\n     long_context: [");
        for (int i = 0; i < e.longContext().size(); i++) {
          LongContextTier t = e.longContext().get(i);
          sb.append(i == 0 ? "" : ", ").append("{above_tokens: ").append(t.aboveTokens());
          String p = prices(t.prices());
          sb.append(p.isEmpty() ? "" : ", " + p).append('}');
        }
        sb.append(']');
      }
      if (!e.serviceTiers().isEmpty()) {
        sb.append(",\n     service_tiers: {");
        List<String> parts = new ArrayList<>();
        new TreeMap<>(e.serviceTiers()).forEach((t, v) -> parts.add(t.wireName() + ": " + v.toPlainString()));
        sb.append(String.join(", ", parts)).append('}');
      }
      CacheSemantics s = e.semantics();
      sb.append(",\n     semantics: {family: ").append(s.family()).append(", min_cacheable_tokens: ")
          .append(s.minCacheableTokens()).append(", granularity_tokens: ").append(s.granularityTokens())
          .append(", ttl_seconds: ").append(s.ttlSeconds());
      if (s.maxTtlSeconds() != null) {
        sb.append(", max_ttl_seconds: ").append(s.maxTtlSeconds());
      }
      sb.append("}}\n");
      out.write(sb.toString());
    }
  }

  private static String prices(TokenPrices p) {
    List<String> parts = new ArrayList<>();
    add(parts, "input", p.input());
    add(parts, "output", p.output());
    add(parts, "cache_read", p.cacheRead());
    add(parts, "cache_write_5m", p.cacheWrite5m());
    add(parts, "cache_write_1h", p.cacheWrite1h());
    add(parts, "storage_per_hour", p.storagePerHour());
    return String.join(", ", parts);
  }

  private static void add(List<String> parts, String name, BigDecimal v) {
    if (v != null) {
      parts.add(name + ": " + v.toPlainString());
    }
  }

  /** A YAML-safe scalar: JSON string syntax is valid YAML. */
  private static String q(ObjectMapper json, String s) throws JsonProcessingException {
    return json.writeValueAsString(s);
  }
}
