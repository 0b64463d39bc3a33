package io.replaygate.costmodel.catalog;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Dated price entries, looked up at a date: for each {@code provider/model}, the latest entry effective on
 * or before that date. Immutable; {@link #with(List)} layers overrides on top.
 */
public final class PriceCatalog {
  private static final Comparator<PriceEntry> ORDER =
      Comparator.comparing(PriceEntry::id).thenComparing(PriceEntry::effective);

  private final LocalDate catalogDate;
  private final Map<String, List<PriceEntry>> byId = new TreeMap<>();

  public PriceCatalog(LocalDate catalogDate, List<PriceEntry> entries) {
    this.catalogDate = catalogDate;
    List<PriceEntry> sorted = new ArrayList<>(entries);
    sorted.sort(ORDER);
    for (PriceEntry e : sorted) {
      List<PriceEntry> versions = byId.computeIfAbsent(e.id(), k -> new ArrayList<>());
      if (!versions.isEmpty() && versions.get(versions.size() - 1).effective().equals(e.effective())) {
        versions.set(versions.size() - 1, e); // a later entry for the same day replaces the earlier one
      } else {
        versions.add(e);
      }
    }
  }

  /** The date the catalog's figures were gathered. */
  public LocalDate catalogDate() {
    return catalogDate;
  }

  /** This catalog with {@code overrides} replacing entries of the same model and day, or added. */
  public PriceCatalog with(List<PriceEntry> overrides) {
    List<PriceEntry> all = new ArrayList<>(entries());
    all.addAll(overrides);
    return new PriceCatalog(catalogDate, all);
  }

  /** Every entry, all dates, ordered by id then date. */
  public List<PriceEntry> entries() {
    List<PriceEntry> out = new ArrayList<>();
    byId.values().forEach(out::addAll);
    return out;
  }

  /** The entries in force on {@code date}, one per model, ordered by id. */
  public List<PriceEntry> current(LocalDate date) {
    List<PriceEntry> out = new ArrayList<>();
    for (List<PriceEntry> versions : byId.values()) {
      PriceEntry e = latest(versions, date);
      if (e != null) {
        out.add(e);
      }
    }
    return out;
  }

  /** All dated entries of one model, oldest first (empty when unknown). */
  public List<PriceEntry> history(String id) {
    return List.copyOf(byId.getOrDefault(id, List.of()));
  }

  /**
   * The entry for {@code provider/model} in force on {@code date}.
   *
   * @throws CatalogException for an unknown model, or a date before its first entry
   */
  public PriceEntry at(String id, LocalDate date) {
    List<PriceEntry> versions = byId.get(id);
    if (versions == null) {
      throw new CatalogException(null, null, "model", "no price for '" + id + "' in the catalog"
          + suggestion(id) + " (see `replaygate prices list`; add it with an --overrides file)");
    }
    PriceEntry e = latest(versions, date);
    if (e == null) {
      throw new CatalogException(null, null, "price-date", "no price for '" + id + "' on " + date
          + ": its earliest entry is effective " + versions.get(0).effective());
    }
    return e;
  }

  /** Providers that make the models they sell (the others resell them: Bedrock, Azure, Fireworks). */
  private static final java.util.Set<String> FIRST_PARTY = java.util.Set.of("anthropic", "openai", "gemini",
      "deepseek");

  /** Provider names gateways and SDKs use for a catalog provider (LiteLLM's among them). */
  private static final Map<String, String> PROVIDER_ALIASES = Map.of("google", "gemini", "vertex_ai", "gemini",
      "vertex_ai_beta", "gemini", "azure_openai", "azure", "azure_ai", "azure", "aws_bedrock", "bedrock",
      "bedrock_converse", "bedrock", "fireworks_ai", "fireworks");

  /**
   * The catalog id of a model as a trace recorded it: {@code provider} and {@code model} as the provider or a
   * gateway wrote them. Tried in order: {@code provider/model} as is; the model without a provider prefix
   * ({@code anthropic/claude-…}, LiteLLM's {@code bedrock/…}, Fireworks' {@code accounts/fireworks/models/…}),
   * a Vertex {@code @version}, a {@code -latest} tag or a date stamp ({@code -20250929}, {@code -2025-08-07});
   * a provider alias ({@code vertex_ai} → {@code gemini}, {@code fireworks_ai} → {@code fireworks}, …); without a
   * provider, the one catalog provider that has the model, else its maker's own API (Anthropic for a Claude model
   * Bedrock also sells).
   *
   * @throws CatalogException naming what was recorded and the catalog's nearest ids when nothing matches
   */
  public String resolve(String provider, String model) {
    if (model == null || model.isBlank()) {
      throw new CatalogException(null, null, "model", "the request records no model (provider '" + provider
          + "'): the observed baseline needs each request's provider and model");
    }
    String m = model.strip();
    String p = provider == null ? null : provider.strip().toLowerCase(java.util.Locale.ROOT);
    int slash = m.lastIndexOf('/');
    if (slash >= 0) {
      String prefix = m.substring(0, m.indexOf('/')).toLowerCase(java.util.Locale.ROOT);
      prefix = m.startsWith("accounts/fireworks/") ? "fireworks" : prefix;
      if (p == null) {
        p = prefix;
      }
      m = m.substring(slash + 1);
    }
    p = p == null ? null : PROVIDER_ALIASES.getOrDefault(p, p);
    List<String> names = new ArrayList<>();
    names.add(m);
    String bare = m.replaceFirst("@.*$", "").replaceFirst("-latest$", "")
        .replaceFirst("-\\d{4}-\\d{2}-\\d{2}$", "").replaceFirst("-\\d{8}$", "");
    names.add(bare);
    if (p != null && p.equals("bedrock")) {
      names.add(bare.replaceFirst("^([a-z]+\\.)+", "").replaceFirst("-v\\d+(:\\d+)?$", "")
          .replaceFirst("-\\d{8}$", ""));
    }
    for (String n : names) {
      if (p != null && byId.containsKey(p + "/" + n)) {
        return p + "/" + n;
      }
      if (p == null) {
        List<String> hits = byId.keySet().stream().filter(k -> k.endsWith("/" + n)).toList();
        List<String> maker = hits.stream().filter(k -> FIRST_PARTY.contains(k.substring(0, k.indexOf('/')))).toList();
        if (hits.size() == 1) {
          return hits.get(0);
        }
        if (maker.size() == 1) {
          return maker.get(0); // sold by its maker and resellers: without a provider, the maker's own API
        }
      }
    }
    String shown = (provider == null ? "" : provider + " / ") + model;
    List<String> near = byId.keySet().stream()
        .filter(k -> k.substring(k.indexOf('/') + 1).startsWith(bare.length() > 6 ? bare.substring(0, 6) : bare)
            || k.contains(bare))
        .limit(6).toList();
    throw new CatalogException(null, null, "model", "no catalog entry for the recorded model '" + shown + "'"
        + (near.isEmpty() ? "" : "; near matches: " + String.join(", ", near))
        + " (add it with an --overrides file, or pick another --baseline)");
  }

  private static PriceEntry latest(List<PriceEntry> versions, LocalDate date) {
    PriceEntry found = null;
    for (PriceEntry e : versions) {
      if (!e.effective().isAfter(date)) {
        found = e;
      }
    }
    return found;
  }

  private String suggestion(String id) {
    String model = id.contains("/") ? id.substring(id.indexOf('/') + 1) : id;
    List<String> alike = byId.keySet().stream().filter(k -> k.endsWith("/" + model) || k.contains(model)).limit(5)
        .toList();
    return alike.isEmpty() ? "" : "; did you mean " + String.join(" or ", alike) + "?";
  }
}
