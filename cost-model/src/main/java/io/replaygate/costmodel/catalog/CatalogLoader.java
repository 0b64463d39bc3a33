package io.replaygate.costmodel.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Reads catalog files (the bundled {@code models.yaml}, a user's {@code --overrides} file, an imported
 * LiteLLM catalog). Every problem is a {@link CatalogException} naming file, line and key: unknown keys,
 * wrong types, negative prices, bad dates, unknown semantics families.
 *
 * <p>An override entry may list only what it changes (e.g. just {@code prices.input}); the rest comes from
 * the catalog entry of the same model in force on the override's {@code effective} date. A model the
 * catalog does not have needs at least {@code input} and {@code output} prices.
 */
public final class CatalogLoader {
  /** The bundled catalog's resource. */
  public static final String BUNDLED = "models.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private CatalogLoader() {}

  /** The catalog that ships with replaygate. */
  public static PriceCatalog bundled() {
    try (InputStream in = CatalogLoader.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException("bundled price catalog missing from the jar");
      }
      Parsed p = parse(in, "catalog:" + BUNDLED, null);
      return new PriceCatalog(p.catalogDate, p.entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A complete catalog file (e.g. one written by {@code prices import-litellm}). */
  public static PriceCatalog load(Path file) {
    Parsed p = parseFile(file, null);
    return new PriceCatalog(p.catalogDate, p.entries);
  }

  /** {@code base} with the entries of an override file layered on top. */
  public static PriceCatalog withOverrides(PriceCatalog base, Path file) {
    return base.with(parseFile(file, base).entries);
  }

  /** The largest catalog or overrides file read (16 MiB): a YAML parser takes quadratic time on a long scalar. */
  static final long MAX_FILE_BYTES = 16L << 20;

  private static Parsed parseFile(Path file, PriceCatalog base) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CatalogException(file.toString(), null, null, "larger than " + (MAX_FILE_BYTES >> 20) + " MiB: not "
            + "a price catalog");
      }
    } catch (IOException e) {
      // Missing or unreadable: said below, where the file is opened.
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString(), base);
    } catch (NoSuchFileException e) {
      throw new CatalogException(file.toString(), null, null, "no such file");
    } catch (IOException e) {
      throw new CatalogException(file.toString(), null, null, "cannot read: " + e.getMessage());
    }
  }

  private record Parsed(LocalDate catalogDate, List<PriceEntry> entries, Map<String, LatencyParams> latency) {}

  /** The bundled catalog's latency defaults ({@code latency_defaults}), by provider and {@code "*"}. */
  private static Map<String, LatencyParams> bundledLatency;

  private static Parsed parse(InputStream in, String name, PriceCatalog base) throws IOException {
    LocalDate catalogDate = null;
    List<PriceEntry> entries = new ArrayList<>();
    Map<String, LatencyParams> latencyDefaults = new java.util.TreeMap<>();
    try (JsonParser p = YAML.getFactory().createParser(in)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new CatalogException(name, null, null, "empty file");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new CatalogException(name, line(p.currentLocation()), null,
            "expected a mapping with catalog_date and models");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        int keyLine = line(p.currentLocation());
        p.nextToken();
        switch (key) {
          case "catalog_date" -> catalogDate = date(p.getValueAsString(), name, keyLine, "catalog_date");
          case "latency_defaults" -> {
            Map<String, LatencyDto> dtos;
            try {
              dtos = YAML.readValue(p, new com.fasterxml.jackson.core.type.TypeReference<Map<String, LatencyDto>>() {});
            } catch (UnrecognizedPropertyException e) {
              throw new CatalogException(name, line(e.getLocation()), "latency_defaults" + pathOf(e),
                  "unknown key (known here: " + e.getKnownPropertyIds() + ")");
            } catch (JsonMappingException e) {
              throw new CatalogException(name, line(e.getLocation()), "latency_defaults" + pathOf(e),
                  firstLine(e.getOriginalMessage()));
            }
            for (Map.Entry<String, LatencyDto> e : dtos.entrySet()) {
              latencyDefaults.put(e.getKey(), latency(e.getValue(), name, keyLine, "latency_defaults." + e.getKey()));
            }
          }
          case "models" -> {
            if (p.currentToken() != JsonToken.START_ARRAY) {
              throw new CatalogException(name, keyLine, "models", "expected a list of entries");
            }
            int index = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
              int entryLine = line(p.currentLocation());
              String path = "models[" + index + "]";
              EntryDto dto;
              try {
                dto = YAML.readValue(p, EntryDto.class);
              } catch (UnrecognizedPropertyException e) {
                throw new CatalogException(name, line(e.getLocation()), path + pathOf(e),
                    "unknown key (known here: " + e.getKnownPropertyIds() + ")");
              } catch (JsonMappingException e) {
                throw new CatalogException(name, line(e.getLocation()), path + pathOf(e),
                    firstLine(e.getOriginalMessage()));
              }
              entries.add(toEntry(dto, name, entryLine, path, base));
              index++;
            }
          }
          default -> throw new CatalogException(name, keyLine, key,
              "unknown key (known: catalog_date, latency_defaults, models)");
        }
      }
    } catch (CatalogException e) {
      throw e;
    } catch (JsonProcessingException e) {
      throw new CatalogException(name, line(e.getLocation()), null, "malformed YAML: " + firstLine(e.getOriginalMessage()));
    }
    return new Parsed(catalogDate, withLatency(entries, latencyDefaults), latencyDefaults);
  }

  /**
   * Gives every entry without its own latency the default of its provider, else the {@code "*"} default:
   * this file's {@code latency_defaults} first, then the bundled catalog's.
   */
  private static List<PriceEntry> withLatency(List<PriceEntry> entries, Map<String, LatencyParams> own) {
    Map<String, LatencyParams> bundled = own.containsKey("*") || entries.stream().allMatch(e -> e.latency() != null)
        ? Map.of() : bundledLatency();
    List<PriceEntry> out = new ArrayList<>(entries.size());
    for (PriceEntry e : entries) {
      if (e.latency() != null) {
        out.add(e);
        continue;
      }
      LatencyParams l = own.getOrDefault(e.provider(), bundled.getOrDefault(e.provider(),
          own.getOrDefault("*", bundled.get("*"))));
      out.add(new PriceEntry(e.provider(), e.model(), e.effective(), e.observed(), e.source(), e.prices(),
          e.longContext(), e.serviceTiers(), e.semantics(), l));
    }
    return out;
  }

  /** The bundled catalog's {@code "*"} latency default (for targets with no catalog entry). */
  public static LatencyParams defaultLatency() {
    return bundledLatency().get("*");
  }

  private static synchronized Map<String, LatencyParams> bundledLatency() {
    if (bundledLatency == null) {
      try (InputStream in = CatalogLoader.class.getResourceAsStream(BUNDLED)) {
        bundledLatency = Map.copyOf(parse(in, "catalog:" + BUNDLED, null).latency());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return bundledLatency;
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append('.').append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static int line(JsonLocation loc) {
    return loc == null ? 0 : loc.getLineNr();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "invalid value";
    }
    int cut = s.indexOf('\n');
    return cut < 0 ? s : s.substring(0, cut);
  }

  private static LocalDate date(String text, String name, int line, String key) {
    if (text == null) {
      throw new CatalogException(name, line, key, "missing date (YYYY-MM-DD)");
    }
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new CatalogException(name, line, key, "expected a date YYYY-MM-DD, got '" + text + "'");
    }
  }

  private static PriceEntry toEntry(EntryDto d, String name, int line, String path, PriceCatalog base) {
    if (d.provider == null || d.provider.isBlank()) {
      throw new CatalogException(name, line, path + ".provider", "missing");
    }
    if (d.model == null || d.model.isBlank()) {
      throw new CatalogException(name, line, path + ".model", "missing");
    }
    String id = d.provider + "/" + d.model;
    LocalDate effective = date(d.effective, name, line, path + ".effective");
    LocalDate observed = d.observed == null ? null : date(d.observed, name, line, path + ".observed");
    PriceEntry inherited = null;
    if (base != null && !base.history(id).isEmpty()) {
      try {
        inherited = base.at(id, effective);
      } catch (CatalogException e) {
        inherited = null; // an override dated before the catalog's first entry stands alone
      }
    }
    TokenPrices prices = prices(d.prices, name, line, path + ".prices");
    if (inherited != null) {
      prices = (prices == null ? new TokenPrices(null, null, null, null, null, null) : prices)
          .orElse(inherited.prices());
    }
    if (prices == null || prices.input() == null) {
      throw new CatalogException(name, line, path + ".prices.input", "missing: a model needs an input price");
    }
    if (prices.output() == null) {
      throw new CatalogException(name, line, path + ".prices.output", "missing: a model needs an output price");
    }
    List<LongContextTier> tiers = new ArrayList<>();
    if (d.longContext != null) {
      long previous = 0;
      for (int i = 0; i < d.longContext.size(); i++) {
        TierDto t = d.longContext.get(i);
        String tp = path + ".long_context[" + i + "]";
        if (t.aboveTokens == null || t.aboveTokens <= previous) {
          throw new CatalogException(name, line, tp + ".above_tokens",
              "must be a positive token count, ascending across tiers");
        }
        previous = t.aboveTokens;
        tiers.add(new LongContextTier(t.aboveTokens, prices(t.prices(), name, line, tp)));
      }
    } else if (inherited != null) {
      tiers.addAll(inherited.longContext());
    }
    Map<ServiceTier, BigDecimal> serviceTiers = new EnumMap<>(ServiceTier.class);
    if (d.serviceTiers != null) {
      for (Map.Entry<String, BigDecimal> e : d.serviceTiers.entrySet()) {
        String key = path + ".service_tiers." + e.getKey();
        ServiceTier tier;
        try {
          tier = ServiceTier.parse(e.getKey());
        } catch (IllegalArgumentException ex) {
          throw new CatalogException(name, line, key, ex.getMessage());
        }
        if (tier == ServiceTier.STANDARD) {
          throw new CatalogException(name, line, key, "standard is always 1; list batch, flex or priority");
        }
        if (e.getValue() == null || e.getValue().signum() <= 0) {
          throw new CatalogException(name, line, key, "a multiplier must be positive, got " + e.getValue());
        }
        serviceTiers.put(tier, e.getValue());
      }
    } else if (inherited != null) {
      serviceTiers.putAll(inherited.serviceTiers());
    }
    CacheSemantics semantics = d.semantics != null ? semantics(d.semantics, name, line, path + ".semantics")
        : inherited != null ? inherited.semantics() : CacheSemantics.NONE;
    String source = d.source != null ? d.source : inherited != null ? "override of: " + inherited.source() : null;
    if (source == null || source.isBlank()) {
      throw new CatalogException(name, line, path + ".source", "missing: say where the figures come from");
    }
    LatencyParams latency = d.latency != null ? latency(d.latency, name, line, path + ".latency")
        : inherited != null ? inherited.latency() : null;
    return new PriceEntry(d.provider, d.model, effective, observed, source, prices, tiers, serviceTiers, semantics,
        latency);
  }

  private static LatencyParams latency(LatencyDto d, String name, int line, String path) {
    if (d.ttftBaseMs == null || d.ttftMsPer1kUncached == null || d.tpotMs == null) {
      throw new CatalogException(name, line, path, "needs ttft_base_ms, ttft_ms_per_1k_uncached and tpot_ms");
    }
    try {
      return new LatencyParams(d.ttftBaseMs, d.ttftMsPer1kUncached, d.tpotMs);
    } catch (IllegalArgumentException e) {
      throw new CatalogException(name, line, path, e.getMessage());
    }
  }

  private static TokenPrices prices(PricesDto p, String name, int line, String path) {
    if (p == null) {
      return null;
    }
    return new TokenPrices(nonNegative(p.input, name, line, path + ".input"),
        nonNegative(p.output, name, line, path + ".output"),
        nonNegative(p.cacheRead, name, line, path + ".cache_read"),
        nonNegative(p.cacheWrite5m, name, line, path + ".cache_write_5m"),
        nonNegative(p.cacheWrite1h, name, line, path + ".cache_write_1h"),
        nonNegative(p.storagePerHour, name, line, path + ".storage_per_hour"));
  }

  private static BigDecimal nonNegative(BigDecimal v, String name, int line, String key) {
    String problem = TokenPrices.problem(v);
    if (problem != null) {
      throw new CatalogException(name, line, key, problem);
    }
    return v;
  }

  private static CacheSemantics semantics(SemanticsDto s, String name, int line, String path) {
    if (s.family == null || !CacheSemantics.FAMILIES.contains(s.family)) {
      throw new CatalogException(name, line, path + ".family", "unknown family '" + s.family + "' (known: "
          + String.join(", ", CacheSemantics.FAMILIES.stream().sorted().toList()) + ")");
    }
    int min = s.minCacheableTokens == null ? 0 : s.minCacheableTokens;
    int step = s.granularityTokens == null ? 1 : s.granularityTokens;
    int ttl = s.ttlSeconds == null ? 0 : s.ttlSeconds;
    if (min < 0) {
      throw new CatalogException(name, line, path + ".min_cacheable_tokens", "cannot be negative");
    }
    if (step < 1) {
      throw new CatalogException(name, line, path + ".granularity_tokens", "must be at least 1");
    }
    if (ttl < 0 || (s.maxTtlSeconds != null && s.maxTtlSeconds < ttl)) {
      throw new CatalogException(name, line, path + ".ttl_seconds", "must be >= 0 and <= max_ttl_seconds");
    }
    return new CacheSemantics(s.family, min, step, ttl, s.maxTtlSeconds);
  }

  // ---- the file schema (Jackson binds these; unknown keys are errors) ----

  record EntryDto(
      @JsonProperty("provider") String provider,
      @JsonProperty("model") String model,
      @JsonProperty("effective") String effective,
      @JsonProperty("observed") String observed,
      @JsonProperty("source") String source,
      @JsonProperty("prices") PricesDto prices,
      @JsonProperty("long_context") List<TierDto> longContext,
      @JsonProperty("service_tiers") Map<String, BigDecimal> serviceTiers,
      @JsonProperty("semantics") SemanticsDto semantics,
      @JsonProperty("latency") LatencyDto latency) {}

  record LatencyDto(
      @JsonProperty("ttft_base_ms") Double ttftBaseMs,
      @JsonProperty("ttft_ms_per_1k_uncached") Double ttftMsPer1kUncached,
      @JsonProperty("tpot_ms") Double tpotMs) {}

  record PricesDto(
      @JsonProperty("input") BigDecimal input,
      @JsonProperty("output") BigDecimal output,
      @JsonProperty("cache_read") BigDecimal cacheRead,
      @JsonProperty("cache_write_5m") BigDecimal cacheWrite5m,
      @JsonProperty("cache_write_1h") BigDecimal cacheWrite1h,
      @JsonProperty("storage_per_hour") BigDecimal storagePerHour) {}

  record TierDto(
      @JsonProperty("above_tokens") Long aboveTokens,
      @JsonProperty("input") BigDecimal input,
      @JsonProperty("output") BigDecimal output,
      @JsonProperty("cache_read") BigDecimal cacheRead,
      @JsonProperty("cache_write_5m") BigDecimal cacheWrite5m,
      @JsonProperty("cache_write_1h") BigDecimal cacheWrite1h) {
    PricesDto prices() {
      return new PricesDto(input, output, cacheRead, cacheWrite5m, cacheWrite1h, null);
    }
  }

  record SemanticsDto(
      @JsonProperty("family") String family,
      @JsonProperty("min_cacheable_tokens") Integer minCacheableTokens,
      @JsonProperty("granularity_tokens") Integer granularityTokens,
      @JsonProperty("ttl_seconds") Integer ttlSeconds,
      @JsonProperty("max_ttl_seconds") Integer maxTtlSeconds) {}
}
