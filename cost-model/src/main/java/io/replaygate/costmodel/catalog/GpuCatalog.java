package io.replaygate.costmodel.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * GPU specs (datasheet figures) and dated GPU-hour prices by cloud and price model, from
 * {@code gpus.yaml}. Prices are indicative public list prices; a verdict should use the user's own.
 */
public final class GpuCatalog {
  /**
   * The price models a GPU-hour price can have; {@code reserved} is a contract price whose term the vendor
   * does not publish.
   */
  public static final Set<String> PRICE_MODELS = Set.of("on_demand", "reserved_1y", "reserved_3y", "reserved",
      "spot");

  /**
   * A GPU's datasheet figures (dense FLOP/s); {@code fp8Tflops} is null for GPUs without FP8.
   * {@code driverMemoryMib} is the memory the driver reports ({@code nvidia-smi}'s total, MiB) — what an
   * engine's {@code gpu_memory_utilization} is a share of — or null where no such figure is recorded.
   * {@code interconnectGbPerS} is the GPU-to-GPU link's datasheet bandwidth per GPU, both directions together
   * (900 GB/s for NVLink 4): what a tensor-parallel replica's all-reduces run over.
   */
  public record Spec(String gpu, double hbmGb, double hbmTbPerS, double bf16Tflops, Double fp8Tflops,
      String interconnect, double interconnectGbPerS, String source, Integer driverMemoryMib) {

    /** Bytes of device memory an engine sees: the driver's figure when recorded, else the datasheet's GB. */
    public double memoryBytes() {
      return driverMemoryMib != null ? driverMemoryMib * 1_048_576.0 : hbmGb * 1e9;
    }
  }

  /** A dated GPU-hour price. */
  public record Price(String gpu, String cloud, String priceModel, BigDecimal usdPerGpuHour, LocalDate effective,
      String basis, String source) {}

  private final LocalDate catalogDate;
  private final List<Spec> specs;
  private final List<Price> prices;

  private GpuCatalog(LocalDate catalogDate, List<Spec> specs, List<Price> prices) {
    this.catalogDate = catalogDate;
    this.specs = List.copyOf(specs);
    this.prices = prices.stream().sorted(Comparator.comparing(Price::gpu).thenComparing(Price::cloud)
        .thenComparing(Price::priceModel).thenComparing(Price::effective)).toList();
  }

  public LocalDate catalogDate() {
    return catalogDate;
  }

  public List<Spec> specs() {
    return specs;
  }

  /** The prices in force on {@code date}: per GPU, cloud and price model, the latest effective entry. */
  public List<Price> current(LocalDate date) {
    List<Price> out = new ArrayList<>();
    for (Price p : prices) {
      if (p.effective().isAfter(date)) {
        continue;
      }
      if (!out.isEmpty()) {
        Price last = out.get(out.size() - 1);
        if (last.gpu().equals(p.gpu()) && last.cloud().equals(p.cloud()) && last.priceModel().equals(p.priceModel())) {
          out.set(out.size() - 1, p);
          continue;
        }
      }
      out.add(p);
    }
    return out;
  }

  public Spec spec(String gpu) {
    return specs.stream().filter(s -> s.gpu().equalsIgnoreCase(gpu)).findFirst().orElseThrow(() ->
        new CatalogException(null, null, "gpu", "unknown GPU '" + gpu + "' (known: "
            + String.join(", ", specs.stream().map(Spec::gpu).toList()) + ")"));
  }

  /** The bundled GPU catalog. */
  public static GpuCatalog bundled() {
    String name = "catalog:gpus.yaml";
    FileDto f = BundledYaml.read(GpuCatalog.class, "gpus.yaml", name, FileDto.class);
    List<Spec> specs = new ArrayList<>();
    for (int i = 0; i < f.specs.size(); i++) {
      SpecDto s = f.specs.get(i);
      String key = "specs[" + i + "]";
      if (s.hbmGb <= 0 || s.hbmTbPerS <= 0 || s.bf16Tflops <= 0) {
        throw new CatalogException(name, null, key, "HBM, bandwidth and BF16 FLOP/s must be positive");
      }
      if (s.interconnectGbPerS == null || s.interconnectGbPerS <= 0) {
        throw new CatalogException(name, null, key + ".interconnect_gb_per_s", "the link bandwidth must be positive");
      }
      specs.add(new Spec(s.gpu, s.hbmGb, s.hbmTbPerS, s.bf16Tflops, s.fp8Tflops, s.interconnect,
          s.interconnectGbPerS, s.source, s.driverMemoryMib));
    }
    List<Price> prices = new ArrayList<>();
    for (int i = 0; i < f.prices.size(); i++) {
      PriceDto p = f.prices.get(i);
      String key = "prices[" + i + "]";
      if (specs.stream().noneMatch(s -> s.gpu().equals(p.gpu))) {
        throw new CatalogException(name, null, key + ".gpu", "no spec for GPU '" + p.gpu + "'");
      }
      if (!PRICE_MODELS.contains(p.priceModel.toLowerCase(Locale.ROOT))) {
        throw new CatalogException(name, null, key + ".price_model", "unknown price model '" + p.priceModel + "'");
      }
      if (p.usdPerGpuHour == null || p.usdPerGpuHour.signum() < 0) {
        throw new CatalogException(name, null, key + ".usd_per_gpu_hour", "a price cannot be negative or missing");
      }
      LocalDate effective;
      try {
        effective = LocalDate.parse(p.effective);
      } catch (DateTimeParseException | NullPointerException e) {
        throw new CatalogException(name, null, key + ".effective", "expected a date YYYY-MM-DD");
      }
      prices.add(new Price(p.gpu, p.cloud, p.priceModel, p.usdPerGpuHour, effective, p.basis, p.source));
    }
    return new GpuCatalog(LocalDate.parse(f.catalogDate), specs, prices);
  }

  record FileDto(@JsonProperty("catalog_date") String catalogDate, @JsonProperty("specs") List<SpecDto> specs,
      @JsonProperty("prices") List<PriceDto> prices) {}

  record SpecDto(@JsonProperty("gpu") String gpu, @JsonProperty("hbm_gb") double hbmGb,
      @JsonProperty("hbm_tb_per_s") double hbmTbPerS, @JsonProperty("bf16_tflops") double bf16Tflops,
      @JsonProperty("fp8_tflops") Double fp8Tflops, @JsonProperty("interconnect") String interconnect,
      @JsonProperty("interconnect_gb_per_s") Double interconnectGbPerS, @JsonProperty("source") String source,
      @JsonProperty("driver_memory_mib") Integer driverMemoryMib) {}

  record PriceDto(@JsonProperty("gpu") String gpu, @JsonProperty("cloud") String cloud,
      @JsonProperty("price_model") String priceModel, @JsonProperty("usd_per_gpu_hour") BigDecimal usdPerGpuHour,
      @JsonProperty("effective") String effective, @JsonProperty("basis") String basis,
      @JsonProperty("source") String source) {}
}
