package io.replaygate.costmodel.terms;

import java.math.BigDecimal;

/** How a GPU pool is billed. */
public sealed interface PriceModel {
  BigDecimal usdPerGpuHour();

  /** Capacity reserved for a term: {@code gpus} billed every hour, used or not. */
  record Reserved(int gpus, BigDecimal usdPerGpuHour) implements PriceModel {
    public Reserved {
      if (gpus < 0) {
        throw new IllegalArgumentException("reserved GPUs cannot be negative");
      }
      Terms.nonNegative(usdPerGpuHour, "GPU price");
    }
  }

  /**
   * On-demand, billed per replica lifetime rounded up to {@code granularitySeconds}, at least
   * {@code minimumSeconds} (e.g. per-second billing with a 60 s minimum).
   */
  record OnDemand(BigDecimal usdPerGpuHour, long granularitySeconds, long minimumSeconds) implements PriceModel {
    public OnDemand {
      Terms.nonNegative(usdPerGpuHour, "GPU price");
      if (granularitySeconds < 1 || minimumSeconds < 0) {
        throw new IllegalArgumentException("billing granularity must be >= 1 s and the minimum >= 0");
      }
    }
  }

  /** Spot / preemptible capacity, billed like on-demand at its own price. */
  record Spot(BigDecimal usdPerGpuHour, long granularitySeconds, long minimumSeconds) implements PriceModel {
    public Spot {
      Terms.nonNegative(usdPerGpuHour, "GPU price");
      if (granularitySeconds < 1 || minimumSeconds < 0) {
        throw new IllegalArgumentException("billing granularity must be >= 1 s and the minimum >= 0");
      }
    }
  }
}
