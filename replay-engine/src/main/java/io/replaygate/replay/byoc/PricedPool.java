package io.replaygate.replay.byoc;

import java.math.BigDecimal;

/**
 * A deployment's GPU pool as priced: the GPU, where the price came from, the price, and — when it was
 * picked from the catalog — the band it was picked from and how.
 *
 * @param pick  how the price was chosen: {@code scenario} (a price of your own), {@code cloud} (the named
 *              cloud's), or a {@link io.replaygate.replay.byoc.ClusterConfig.Pool#PICKS pick}
 * @param band  the catalog's cheapest, median and cheapest-hyperscaler prices for this GPU and price model
 *              on the price date (entries absent where the catalog has none); empty for a scenario price
 */
public record PricedPool(String name, String gpu, String cloud, String priceModel, BigDecimal usdPerGpuHour,
    String source, String pick, java.util.List<BandPoint> band) {

  /** One point of the price band: which pick, which cloud, what price. */
  public record BandPoint(String pick, String cloud, BigDecimal usdPerGpuHour) {}
}
