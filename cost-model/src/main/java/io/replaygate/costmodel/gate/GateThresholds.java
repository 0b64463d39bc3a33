package io.replaygate.costmodel.gate;

/**
 * The gate's thresholds, one documented place for their defaults (DESIGN §1a).
 *
 * @param materiality      minimum savings, judged on the interval's lower end [0.15]
 * @param confidenceLevel  the savings interval's level [0.90]
 * @param sloTolerance     a candidate's SLO attainment may be this much below the baseline's [0.005 = 0.5 pp]
 * @param errorTolerance   a candidate's error rate may be this much above the baseline's [0.001 = 0.1 pp]
 * @param utilisationBand  business-hours capacity utilisation at or above which BYOC lanes break even [0.60]
 * @param blockWindows     bootstrap block length in ledger windows [12 = 1 hour of 5-minute windows]
 * @param resamples        bootstrap resamples [2,000]
 * @param seed             bootstrap seed [0]
 * @param minBlocks        fewer whole blocks than this make the verdict inconclusive [4]
 * @param businessHours    business hours and their time zone [Mon–Fri 09:00–18:00 UTC]
 */
public record GateThresholds(double materiality, double confidenceLevel, double sloTolerance, double errorTolerance,
    double utilisationBand, int blockWindows, int resamples, long seed, int minBlocks, BusinessHours businessHours) {

  public static final GateThresholds DEFAULTS =
      new GateThresholds(0.15, 0.90, 0.005, 0.001, 0.60, 12, 2_000, 0L, 4, BusinessHours.DEFAULT);

  public GateThresholds {
    if (!(confidenceLevel > 0 && confidenceLevel < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1)");
    }
    if (sloTolerance < 0 || errorTolerance < 0 || blockWindows < 1 || resamples < 1 || minBlocks < 1) {
      throw new IllegalArgumentException("tolerances must be >= 0, block length, resamples and minimum blocks >= 1");
    }
    if (utilisationBand < 0 || utilisationBand > 1) {
      throw new IllegalArgumentException("utilisation band must be within 0..1");
    }
  }

  /** The names {@link #with} knows, as the command line's {@code --threshold NAME=VALUE} writes them. */
  public static final java.util.List<String> NAMES = java.util.List.of("materiality", "confidence_level",
      "slo_tolerance", "error_tolerance", "utilisation_band", "min_blocks");

  /**
   * These thresholds with one changed by its name.
   *
   * @throws IllegalArgumentException for an unknown name or a value out of range
   */
  public GateThresholds with(String name, double v) {
    return switch (name) {
      case "materiality" -> withMateriality(v);
      case "confidence_level" -> new GateThresholds(materiality, v, sloTolerance, errorTolerance, utilisationBand,
          blockWindows, resamples, seed, minBlocks, businessHours);
      case "slo_tolerance" -> new GateThresholds(materiality, confidenceLevel, v, errorTolerance, utilisationBand,
          blockWindows, resamples, seed, minBlocks, businessHours);
      case "error_tolerance" -> new GateThresholds(materiality, confidenceLevel, sloTolerance, v, utilisationBand,
          blockWindows, resamples, seed, minBlocks, businessHours);
      case "utilisation_band" -> new GateThresholds(materiality, confidenceLevel, sloTolerance, errorTolerance, v,
          blockWindows, resamples, seed, minBlocks, businessHours);
      case "min_blocks" -> new GateThresholds(materiality, confidenceLevel, sloTolerance, errorTolerance,
          utilisationBand, blockWindows, resamples, seed, (int) v, businessHours);
      default -> throw new IllegalArgumentException("unknown threshold '" + name + "' (known: "
          + String.join(", ", NAMES) + ")");
    };
  }

  /**
   * These thresholds with one changed by its name and its value as the command line writes it: a number, or a
   * percentage ({@code 5%} is 0.05).
   *
   * @throws IllegalArgumentException for an unknown name, a value that is not a number, or one out of range
   */
  public GateThresholds with(String name, String text) {
    double v;
    try {
      v = Double.parseDouble(text.strip().replace("%", "")) / (text.contains("%") ? 100 : 1);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("expected a number, got '" + text + "'");
    }
    return with(name, v);
  }

  /** {@link #DEFAULTS} with each of {@code changes} ({@code NAME → value}) applied in order. */
  public static GateThresholds of(java.util.Map<String, String> changes) {
    GateThresholds t = DEFAULTS;
    for (java.util.Map.Entry<String, String> e : changes.entrySet()) {
      try {
        t = t.with(e.getKey(), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return t;
  }

  public GateThresholds withMateriality(double v) {
    return new GateThresholds(v, confidenceLevel, sloTolerance, errorTolerance, utilisationBand, blockWindows,
        resamples, seed, minBlocks, businessHours);
  }
}
