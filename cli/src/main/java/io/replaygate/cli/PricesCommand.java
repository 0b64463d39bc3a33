package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.costmodel.catalog.LiteLlmImporter;
import io.replaygate.costmodel.catalog.LongContextTier;
import io.replaygate.costmodel.catalog.PriceCatalog;
import io.replaygate.costmodel.catalog.PriceEntry;
import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.catalog.TokenPrices;
import io.replaygate.costmodel.pricing.LineItem;
import io.replaygate.costmodel.pricing.ListPricer;
import io.replaygate.costmodel.pricing.Quote;
import io.replaygate.costmodel.pricing.TokenCounts;
import io.replaygate.costmodel.pricing.Usage;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate prices}: the dated price catalog. */
@Command(name = "prices", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate prices list --provider anthropic", "  replaygate prices quote openai/gpt-4.1 --input 1000000 --output 200000"},
    description = "The price catalog: list, show, quote a usage, import LiteLLM's price database.",
    subcommands = {PricesCommand.ListPrices.class, PricesCommand.Show.class, PricesCommand.QuoteUsage.class,
        PricesCommand.ImportLiteLlm.class})
public final class PricesCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static String usd(BigDecimal v) {
    return v == null ? "-" : v.stripTrailingZeros().toPlainString();
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate prices list --provider openai", "  replaygate prices list --gpus --price-date 2026-06-01", "  replaygate prices list --json"},
      description = "Models and their prices in force at the price date (USD per million tokens).")
  static final class ListPrices implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--provider", paramLabel = "NAME", description = "Only this provider.")
    String provider;

    @Option(names = "--gpus", description = "List GPUs (datasheet specs) and their indicative GPU-hour prices instead.")
    boolean gpus;

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      if (gpus) {
        return json ? gpusJson(out) : listGpus(out);
      }
      PriceCatalog c = catalog.catalog();
      LocalDate date = catalog.date();
      if (json) {
        ObjectNode doc = CliJson.object().put("price_date", date.toString()).put("catalog_date",
            String.valueOf(c.catalogDate()));
        ArrayNode models = doc.putArray("models");
        for (PriceEntry e : c.current(date)) {
          if (provider == null || provider.equals(e.provider())) {
            ObjectNode m = models.addObject().put("id", e.id()).put("effective", e.effective().toString());
            m.set("prices", pricesJson(e.prices()));
            m.put("cache_family", e.semantics().family().toString());
          }
        }
        CliJson.print(out, doc);
        return ExitCode.OK;
      }
      out.printf("prices in force on %s (catalog of %s), USD per million tokens%n", date, c.catalogDate());
      out.printf("%-44s %-10s %8s %8s %8s %8s %8s %8s  %s%n", "provider/model", "effective", "input", "output",
          "c.read", "c.wr.5m", "c.wr.1h", "storage", "cache family");
      for (PriceEntry e : c.current(date)) {
        if (provider != null && !provider.equals(e.provider())) {
          continue;
        }
        TokenPrices p = e.prices();
        out.printf("%-44s %-10s %8s %8s %8s %8s %8s %8s  %s%n", e.id(), e.effective(), usd(p.input()),
            usd(p.output()), usd(p.cacheRead()), usd(p.cacheWrite5m()), usd(p.cacheWrite1h()),
            usd(p.storagePerHour()), e.semantics().family());
      }
      out.flush();
      return ExitCode.OK;
    }

    private int gpusJson(PrintWriter out) {
      GpuCatalog g = GpuCatalog.bundled();
      ObjectNode doc = CliJson.object().put("price_date", catalog.date().toString()).put("catalog_date",
          String.valueOf(g.catalogDate()));
      ArrayNode specs = doc.putArray("gpus");
      for (GpuCatalog.Spec s : g.specs()) {
        specs.addObject().put("gpu", s.gpu()).put("hbm_gb", s.hbmGb()).put("hbm_tb_per_s", s.hbmTbPerS())
            .put("bf16_tflops", s.bf16Tflops()).put("fp8_tflops", s.fp8Tflops()).put("interconnect", s.interconnect())
            .put("interconnect_gb_per_s", s.interconnectGbPerS());
      }
      ArrayNode prices = doc.putArray("prices");
      for (GpuCatalog.Price p : g.current(catalog.date())) {
        prices.addObject().put("gpu", p.gpu()).put("cloud", p.cloud()).put("price_model", String.valueOf(p.priceModel()))
            .put("usd_per_gpu_hour", p.usdPerGpuHour()).put("effective", p.effective().toString())
            .put("basis", p.basis());
      }
      CliJson.print(out, doc);
      return ExitCode.OK;
    }

    private int listGpus(PrintWriter out) {
      GpuCatalog g = GpuCatalog.bundled();
      out.printf("GPUs (datasheet, dense): catalog of %s%n", g.catalogDate());
      out.printf("  %-16s %7s %9s %10s %10s  %s%n", "gpu", "HBM GB", "HBM TB/s", "BF16 TF/s", "FP8 TF/s", "interconnect");
      for (GpuCatalog.Spec s : g.specs()) {
        out.printf("  %-16s %7.0f %9.3f %10.0f %10s  %s%n", s.gpu(), s.hbmGb(), s.hbmTbPerS(), s.bf16Tflops(),
            s.fp8Tflops() == null ? "-" : String.format("%.0f", s.fp8Tflops()), s.interconnect());
      }
      out.printf("GPU-hour prices in force on %s (INDICATIVE public list prices: override with your own):%n",
          catalog.date());
      out.printf("  %-16s %-10s %-12s %10s  %-10s  %s%n", "gpu", "cloud", "model", "USD/GPU-h", "effective", "basis");
      for (GpuCatalog.Price p : g.current(catalog.date())) {
        out.printf("  %-16s %-10s %-12s %10s  %-10s  %s%n", p.gpu(), p.cloud(), p.priceModel(), usd(p.usdPerGpuHour()),
            p.effective(), p.basis());
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate prices show anthropic/claude-sonnet-4-5", "  replaygate prices show openai/gpt-4.1 --json"},
      description = "One model: prices in force, tiers, cache semantics, source, and every dated entry.")
  static final class Show implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Parameters(paramLabel = "PROVIDER/MODEL")
    String model;

    @Option(names = "--json", description = "Print the entry as JSON.")
    boolean json;

    @Override
    public Integer call() {
      PriceCatalog c = catalog.catalog();
      PriceEntry e = c.at(model, catalog.date());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        CliJson.print(out, showJson(c, e));
        return ExitCode.OK;
      }
      out.printf("%s (in force on %s: entry effective %s)%n", e.id(), catalog.date(), e.effective());
      out.printf("  source     %s%n", e.source());
      if (e.observed() != null) {
        out.printf("  observed   %s%n", e.observed());
      }
      TokenPrices p = e.prices();
      out.printf("  prices     input %s, output %s, cache read %s, cache write 5m %s, 1h %s, storage %s /M/h%n",
          usd(p.input()), usd(p.output()), usd(p.cacheRead()), usd(p.cacheWrite5m()), usd(p.cacheWrite1h()),
          usd(p.storagePerHour()));
      for (LongContextTier t : e.longContext()) {
        TokenPrices tp = t.prices().orElse(p);
        out.printf("  > %,d     input %s, output %s, cache read %s, cache write 5m %s, 1h %s%n", t.aboveTokens(),
            usd(tp.input()), usd(tp.output()), usd(tp.cacheRead()), usd(tp.cacheWrite5m()), usd(tp.cacheWrite1h()));
      }
      e.serviceTiers().forEach((t, m) -> out.printf("  tier       %s × %s%n", t.wireName(), usd(m)));
      var s = e.semantics();
      out.printf("  semantics  %s: min %,d tokens, steps of %d, TTL %d s%s%n", s.family(), s.minCacheableTokens(),
          s.granularityTokens(), s.ttlSeconds(), s.maxTtlSeconds() == null ? "" : " (up to " + s.maxTtlSeconds() + " s)");
      out.println("  history");
      for (PriceEntry h : c.history(e.id())) {
        out.printf("    %s  input %s, output %s  (%s)%n", h.effective(), usd(h.prices().input()),
            usd(h.prices().output()), h.source());
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  /** One entry as {@code prices show --json} prints it: every figure the text shows, under snake_case keys. */
  static ObjectNode showJson(PriceCatalog c, PriceEntry e) {
    ObjectNode doc = CliJson.object().put("id", e.id()).put("effective", e.effective().toString())
        .put("source", e.source()).put("observed", e.observed() == null ? null : e.observed().toString());
    doc.set("prices", pricesJson(e.prices()));
    ArrayNode tiers = doc.putArray("long_context");
    for (LongContextTier t : e.longContext()) {
      tiers.addObject().put("above_tokens", t.aboveTokens()).set("prices", pricesJson(t.prices().orElse(e.prices())));
    }
    ObjectNode service = doc.putObject("service_tiers");
    e.serviceTiers().forEach((t, m) -> service.put(t.wireName(), m));
    var s = e.semantics();
    doc.putObject("semantics").put("family", s.family().toString()).put("min_cacheable_tokens", s.minCacheableTokens())
        .put("granularity_tokens", s.granularityTokens()).put("ttl_seconds", s.ttlSeconds())
        .put("max_ttl_seconds", s.maxTtlSeconds());
    ArrayNode history = doc.putArray("history");
    for (PriceEntry h : c.history(e.id())) {
      history.addObject().put("effective", h.effective().toString()).put("input", h.prices().input())
          .put("output", h.prices().output()).put("source", h.source());
    }
    return doc;
  }

  /** USD per million tokens by class; a class the model does not price is null. */
  static ObjectNode pricesJson(TokenPrices p) {
    return CliJson.object().put("input", p.input()).put("output", p.output()).put("cache_read", p.cacheRead())
        .put("cache_write_5m", p.cacheWrite5m()).put("cache_write_1h", p.cacheWrite1h())
        .put("storage_per_hour", p.storagePerHour());
  }

  @Command(name = "quote", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate prices quote openai/gpt-4.1 --input 1000000 --output 200000 \\", "      --tier batch", "  replaygate prices quote anthropic/claude-sonnet-4-5 --cache-read 900000 \\", "      --cache-write-5m 100000 --output 50000 --json"},
      description = {"Price a usage for one model, line by line (amount = tokens × price ÷ 1,000,000).",
          "Token classes: --input (plain prompt tokens), --cache-read, --cache-write-5m, --cache-write-1h, --output."})
  static final class QuoteUsage implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Parameters(paramLabel = "PROVIDER/MODEL")
    String model;

    @Option(names = "--input", paramLabel = "TOKENS", defaultValue = "0", description = "Prompt tokens billed as plain input.")
    long input;

    @Option(names = "--cache-read", paramLabel = "TOKENS", defaultValue = "0", description = "Prompt tokens read from cache.")
    long cacheRead;

    @Option(names = "--cache-write-5m", paramLabel = "TOKENS", defaultValue = "0", description = "Prompt tokens written with a 5-minute TTL.")
    long cacheWrite5m;

    @Option(names = "--cache-write-1h", paramLabel = "TOKENS", defaultValue = "0", description = "Prompt tokens written with a 1-hour TTL.")
    long cacheWrite1h;

    @Option(names = "--output", paramLabel = "TOKENS", defaultValue = "0", description = "Generated tokens.")
    long output;

    @Option(names = "--storage-token-hours", paramLabel = "TOKEN-HOURS", defaultValue = "0", description = "Explicit-cache storage, token-hours.")
    BigDecimal storage;

    @Option(names = "--long-context", description = "The tokens belong to requests above the long-context threshold.")
    boolean longContext;

    @Option(names = "--tier", paramLabel = "TIER", defaultValue = "standard", description = "standard, batch, flex or priority.")
    String tier;

    @Option(names = "--json", description = "Print the quote as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
      TokenCounts counts;
      ServiceTier serviceTier;
      // Each option checked by its own name (the record's own check would name none of them).
      java.util.Map<String, Long> tokens = new java.util.LinkedHashMap<>();
      tokens.put("--input", input);
      tokens.put("--cache-read", cacheRead);
      tokens.put("--cache-write-5m", cacheWrite5m);
      tokens.put("--cache-write-1h", cacheWrite1h);
      tokens.put("--output", output);
      tokens.forEach((option, n) -> {
        if (n < 0) {
          throw new UserError(option + " cannot be negative, got " + n);
        }
      });
      if (storage.signum() < 0) {
        throw new UserError("--storage-token-hours cannot be negative, got " + storage.toPlainString());
      }
      counts = new TokenCounts(input, cacheRead, cacheWrite5m, cacheWrite1h, output);
      try {
        serviceTier = ServiceTier.parse(tier);
      } catch (IllegalArgumentException e) {
        throw new UserError("--tier: " + e.getMessage());
      }
      Usage usage = longContext ? new Usage(TokenCounts.ZERO, counts, storage, serviceTier)
          : new Usage(counts, TokenCounts.ZERO, storage, serviceTier);
      Quote q = ListPricer.quote(catalog.catalog().at(model, catalog.date()), usage);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(CliJson.write(q));
      } else {
        out.printf("%s, priced at %s%n", q.priceEntry(), catalog.date());
        for (LineItem li : q.items()) {
          out.printf("  %-34s %,16d %-12s × %10s /M = %14s USD   (%s)%n", li.item(), li.quantity().longValue(), li.unit(),
              usd(li.unitPrice()), usd(li.amount()), li.basis());
        }
        out.printf("  %-34s %63s USD%n", "total", usd(q.total()));
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(name = "import-litellm", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate prices import-litellm model_prices_and_context_window.json \\", "      --out litellm.yaml --effective 2026-07-24"},
      description = "Convert LiteLLM's model_prices_and_context_window.json into a catalog file (usable with "
          + "--overrides), reporting everything it could not map.")
  static final class ImportLiteLlm implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "LiteLLM's model_prices_and_context_window.json.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "CATALOG", description = "The catalog file to write (.yaml).")
    Path out;

    @Option(names = "--effective", required = true, paramLabel = "YYYY-MM-DD",
        description = "The date the snapshot's prices apply from (LiteLLM files carry none).")
    LocalDate effective;

    @Override
    public Integer call() throws IOException {
      LiteLlmImporter.Result r = LiteLlmImporter.importFile(file, effective);
      CliFiles.replace(out, w -> LiteLlmImporter.writeCatalog(r.entries(), effective, w));
      PrintWriter o = spec.commandLine().getOut();
      o.printf("wrote %,d models to %s (effective %s)%n", r.entries().size(), out, effective);
      o.printf("skipped %,d keys:%n", r.skippedByReason().values().stream().mapToInt(Integer::intValue).sum());
      r.skippedByReason().entrySet().stream()
          .sorted((a, b) -> b.getValue() - a.getValue())
          .forEach(e -> o.printf("  %,6d  %s%n", e.getValue(), e.getKey()));
      o.printf("price fields not mapped (in models that were imported):%n");
      r.unmappedFields().entrySet().stream()
          .sorted((a, b) -> b.getValue() - a.getValue())
          .forEach(e -> o.printf("  %,6d  %s%n", e.getValue(), e.getKey()));
      o.flush();
      return ExitCode.OK;
    }
  }
}
