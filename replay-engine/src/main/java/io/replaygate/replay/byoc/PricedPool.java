package io.replaygate.replay.byoc;

import java.math.BigDecimal;

/** A deployment's GPU pool as priced: the GPU, where the price came from, and the price. */
public record PricedPool(String name, String gpu, String cloud, String priceModel, BigDecimal usdPerGpuHour,
    String source) {}
