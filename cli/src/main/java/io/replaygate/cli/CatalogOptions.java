package io.replaygate.cli;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.PriceCatalog;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import picocli.CommandLine.Option;

/** Where prices come from: the bundled catalog, the user's overrides, and the date to price at. */
public final class CatalogOptions {
  @Option(names = "--overrides", paramLabel = "FILE",
      description = "A price file (same schema as the catalog) layered over the bundled catalog: negotiated "
          + "rates, new models. Entries may list only what they change.")
  Path overrides;

  @Option(names = "--price-date", paramLabel = "YYYY-MM-DD",
      description = "Price at this date: each model's latest entry effective on or before it (default: today, UTC).")
  LocalDate priceDate;

  PriceCatalog catalog() {
    PriceCatalog c = CatalogLoader.bundled();
    return overrides == null ? c : CatalogLoader.withOverrides(c, overrides);
  }

  LocalDate date() {
    return priceDate != null ? priceDate : LocalDate.now(Clock.systemUTC());
  }
}
