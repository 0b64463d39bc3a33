package io.replaygate.costmodel.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GpuCatalogTest {
  @Test
  void bundled_hasTheSixGpus_withDatasheetFigures() {
    GpuCatalog c = GpuCatalog.bundled();
    assertEquals(Set.of("H100-SXM-80GB", "H200-SXM-141GB", "B200-180GB", "A100-SXM-80GB", "L40S-48GB", "MI300X-192GB"),
        c.specs().stream().map(GpuCatalog.Spec::gpu).collect(Collectors.toSet()));
    GpuCatalog.Spec h100 = c.spec("h100-sxm-80gb");
    assertEquals(80, h100.hbmGb());
    assertEquals(3.35, h100.hbmTbPerS());
    assertEquals(989, h100.bf16Tflops());
    assertNull(c.spec("A100-SXM-80GB").fp8Tflops(), "A100 has no FP8");
    // The link a tensor-parallel all-reduce runs over, both directions together, as each datasheet states it.
    assertEquals(900, h100.interconnectGbPerS());
    assertEquals(600, c.spec("A100-SXM-80GB").interconnectGbPerS());
    assertEquals(1800, c.spec("B200-180GB").interconnectGbPerS());
    assertEquals(64, c.spec("L40S-48GB").interconnectGbPerS(), "PCIe Gen4 x16, no NVLink");
    // Decode is bandwidth-bound: H200 reads HBM 4.8 ÷ 3.35 = 1.43× faster than H100 at the same FLOP/s.
    assertEquals(4.8 / 3.35, c.spec("H200-SXM-141GB").hbmTbPerS() / h100.hbmTbPerS(), 1e-12);
  }

  @Test
  void prices_areDatedSourcedAndLookedUpAtADate() {
    GpuCatalog c = GpuCatalog.bundled();
    var now = c.current(LocalDate.of(2026, 7, 24));
    assertTrue(now.stream().allMatch(p -> p.source().startsWith("https://") && p.basis() != null));
    assertTrue(now.stream().anyMatch(p -> p.gpu().equals("H100-SXM-80GB") && p.cloud().equals("aws")));
    // Before the B200 entries' dates there is no B200 price.
    assertTrue(c.current(LocalDate.of(2025, 3, 1)).stream().noneMatch(p -> p.gpu().equals("B200-180GB")));
    assertThrows(CatalogException.class, () -> c.spec("TPU-v5"));
  }

  @Test
  void prices_coverOnDemandReservedAndSpot_forTheH100() {
    // The cluster terms need a figure per price model; the bundled catalog has at least one sourced
    // H100 price of each kind on the catalog date, and every price model it uses is a known one.
    var now = GpuCatalog.bundled().current(LocalDate.of(2026, 9, 26));
    var h100Models = now.stream().filter(p -> p.gpu().equals("H100-SXM-80GB")).map(GpuCatalog.Price::priceModel)
        .collect(Collectors.toSet());
    assertTrue(h100Models.containsAll(java.util.Set.of("on_demand", "reserved", "spot")), h100Models.toString());
    assertTrue(now.stream().allMatch(p -> GpuCatalog.PRICE_MODELS.contains(p.priceModel())));
    // A reserved price is below the same cloud's on-demand price for the same GPU.
    for (GpuCatalog.Price r : now.stream().filter(p -> p.priceModel().equals("reserved")).toList()) {
      GpuCatalog.Price od = now.stream().filter(p -> p.gpu().equals(r.gpu()) && p.cloud().equals(r.cloud())
          && p.priceModel().equals("on_demand")).findFirst().orElseThrow();
      assertTrue(r.usdPerGpuHour().compareTo(od.usdPerGpuHour()) < 0, r.toString());
    }
  }
}
