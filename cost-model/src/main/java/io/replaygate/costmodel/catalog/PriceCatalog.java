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
