package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.replay.scenario.ScenarioLoader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GPU price a BYOC verdict rests on is never one neocloud's list price taken silently: with no cloud
 * named the pool prices at the median of the catalog's clouds, and the summary shows the band (cheapest,
 * median, cheapest hyperscaler) and which one was used.
 */
class GpuPriceTest {
  @TempDir
  Path tmp;

  JsonNode pool(String poolYaml) throws Exception {
    Path f = tmp.resolve("s" + poolYaml.hashCode() + ".yaml");
    Files.writeString(f, "paths:\n  - name: c\n    profile: byoc_dynamo\n    model: llama-3.1-8b\n    weights: fp8\n"
        + "    gpu: H100-SXM-80GB\n    tensor_parallel: 1\n    replicas: 1\n    fallback: none\n" + poolYaml);
    Replay.Result r = Replay.run(() -> ReplayTest.reader(ClusterReplayTest.chat(5)), ScenarioLoader.load(f),
        CatalogLoader.bundled(), ReplayTest.DAY, 1, tmp.resolve("out" + poolYaml.hashCode()));
    return r.summary().path("paths").get(0).path("cluster").path("deployments").get(0).path("pool");
  }

  /** The catalog's on-demand H100 prices on the test date, cheapest per cloud, sorted. */
  static List<Map.Entry<String, BigDecimal>> clouds() {
    Map<String, BigDecimal> byCloud = new TreeMap<>();
    for (GpuCatalog.Price p : GpuCatalog.bundled().current(ReplayTest.DAY)) {
      if (p.gpu().equals("H100-SXM-80GB") && p.priceModel().equals("on_demand")) {
        byCloud.merge(p.cloud(), p.usdPerGpuHour(), BigDecimal::min);
      }
    }
    return byCloud.entrySet().stream().sorted(Map.Entry.<String, BigDecimal>comparingByValue()
        .thenComparing(Map.Entry.comparingByKey())).toList();
  }

  @Test
  void noCloudNamed_usesTheMedian_andShowsTheBand() throws Exception {
    List<Map.Entry<String, BigDecimal>> c = clouds();
    assertTrue(c.size() >= 3, c.toString());
    JsonNode p = pool("");
    Map.Entry<String, BigDecimal> median = c.get((c.size() - 1) / 2);
    assertEquals("median", p.path("price_pick").asText());
    assertEquals(median.getKey(), p.path("cloud").asText());
    assertEquals(0, median.getValue().compareTo(p.path("usd_per_gpu_hour").decimalValue()));
    JsonNode band = p.path("price_band");
    assertEquals("cheapest", band.get(0).path("pick").asText());
    assertEquals(0, c.get(0).getValue().compareTo(band.get(0).path("usd_per_gpu_hour").decimalValue()));
    assertEquals("hyperscaler", band.get(2).path("pick").asText());
    assertTrue(List.of("aws", "azure", "gcp").contains(band.get(2).path("cloud").asText()));
  }

  @Test
  void aPickOrACloud_isHonoured_andAnUnknownCloudIsAnError() throws Exception {
    List<Map.Entry<String, BigDecimal>> c = clouds();
    JsonNode cheapest = pool("    pool: {price_pick: cheapest}\n");
    assertEquals(0, c.get(0).getValue().compareTo(cheapest.path("usd_per_gpu_hour").decimalValue()));
    JsonNode aws = pool("    pool: {cloud: aws}\n");
    assertEquals("aws", aws.path("cloud").asText());
    assertEquals("cloud", aws.path("price_pick").asText());
    assertThrows(ScenarioException.class, () -> pool("    pool: {cloud: nowhere}\n"));
    assertThrows(ScenarioException.class, () -> pool("    pool: {price_pick: luckiest}\n"));
  }
}
