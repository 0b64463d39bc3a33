package io.replaygate.cli;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where prices come from: the bundled catalog, the user's overrides, and the date to price at. */
public final class CatalogOptions {
  @Option(names = "--overrides", paramLabel = "FILE",
      description = "A price file (same schema as the catalog) layered over the bundled catalog: negotiated "
          + "rates, new models. Entries may list only what they change.")
  Path overrides;

  @Option(names = "--price-date", paramLabel = "YYYY-MM-DD",
      description = "Price at this date: each model's latest entry effective on or before it (default: the "
          + "scenario's price_date, else today, UTC). Pin it in CI so a rerun prices the same.")
  LocalDate priceDate;

  /** A catalog older than this, counted to the date priced at, gets a warning: list prices move within months. */
  static final long STALE_DAYS = 90;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private boolean checked;

  PriceCatalog catalog() {
    if (loaded == null) { // read once per command: run checks a scenario's ids, then prices with the same catalog
      PriceCatalog c = CatalogLoader.bundled();
      loaded = overrides == null ? c : CatalogLoader.withOverrides(c, overrides);
    }
    return loaded;
  }

  private PriceCatalog loaded;

  /**
   * The date catalog entries are taken at ({@code --price-date}, else today, UTC) by a command that prices nothing
   * (it reads models' latency figures): no stale-price warning.
   */
  LocalDate asOf() {
    return priceDate != null ? priceDate : LocalDate.now(Clock.systemUTC());
  }

  /** The price date: {@code --price-date}, else today (UTC); warns once when the catalog is stale for it. */
  LocalDate date() {
    return date(null);
  }

  /** The price date: {@code --price-date}, else the scenario's, else today (UTC); warns once if stale. */
  LocalDate date(LocalDate scenarioDate) {
    LocalDate d = priceDate != null ? priceDate : scenarioDate != null ? scenarioDate : LocalDate.now(Clock.systemUTC());
    if (!checked && mixee != null) {
      checked = true;
      String w = staleWarning(CatalogLoader.bundled().catalogDate(), d, overrides != null);
      if (w != null) {
        mixee.commandLine().getErr().println(w);
        mixee.commandLine().getErr().flush();
      }
    }
    return d;
  }

  /** The warning for a bundled catalog of {@code catalogDate} used at {@code date}; null when it is recent enough. */
  static String staleWarning(LocalDate catalogDate, LocalDate date, boolean overridden) {
    long days = ChronoUnit.DAYS.between(catalogDate, date);
    if (days <= STALE_DAYS) {
      return null;
    }
    return "replaygate: warning: the bundled price catalog is of " + catalogDate + ", " + days + " days before the "
        + "price date " + date + (overridden ? " (your --overrides cover only what they list)" : "")
        + ": list prices may have changed since; check them (prices show), pass --overrides, or pin --price-date";
  }
}
