package io.replaygate.costmodel.gate;

import io.replaygate.costmodel.cost.CostLine;
import io.replaygate.costmodel.cost.CostLine.Category;
import io.replaygate.costmodel.cost.PathCost;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * What would have to change for a candidate's savings to reach the materiality threshold, and how much
 * the savings move when each main input moves ±20% (tornado data). The model, stated once:
 * <pre>
 *   baseline(v, m)      = (usage × v + fixed) × m
 *   candidate(k, f, v, m) = GPU × k × v ÷ f − min(credits, GPU × k × v ÷ f)
 *                         + (provider + fallback tokens) × v × m + provider fixed × m
 *                         + other usage × v + other fixed
 *   savings             = (baseline − candidate) ÷ baseline
 * </pre>
 * with k the GPU price factor, f the utilisation factor (GPUs provisioned for the same work scale with
 * 1 ÷ utilisation), v the traffic volume factor and m the managed price factor, all 1 as replayed. Break-even
 * values are solved numerically (Brent) on the point estimate of the savings; a value that no factor
 * in the searched range reaches is reported as unreachable (null).
 */
public final class BreakEven {
  /** How far each input moves in the sensitivity table. */
  public static final double SWING = 0.20;

  private BreakEven() {}

  /**
   * @param savings                    savings as replayed
   * @param gpuUsdPerHour              break-even GPU price (blended over the candidate's pools), or null
   * @param utilisation                break-even business-hours utilisation, or null
   * @param monthlyTokens              break-even monthly token volume, or null
   * @param currentGpuUsdPerHour       the blended GPU price as replayed, or null without GPUs
   * @param currentMonthlyTokens       the monthly token volume as replayed
   * @param tornado                    savings at −20% / +20% of each input, largest swing first
   */
  public record Result(double savings, Double gpuUsdPerHour, Double utilisation, Double monthlyTokens,
      Double currentGpuUsdPerHour, double currentMonthlyTokens, List<TornadoRow> tornado) {}

  /** One input of the sensitivity table. */
  public record TornadoRow(String input, double savingsLow, double savingsHigh) {
    public double swing() {
      return Math.abs(savingsHigh - savingsLow);
    }
  }

  /** The cost structure read off the two paths' line items. */
  record Structure(double baseUsage, double baseFixed, double gpu, double credits, double providerUsage,
      double providerFixed, double otherUsage, double otherFixed) {

    static Structure of(PathCost baseline, PathCost candidate) {
      double bu = 0, bf = 0;
      for (CostLine l : baseline.lines()) {
        if (l.category() == Category.USAGE) {
          bu += l.amount().doubleValue();
        } else {
          bf += l.amount().doubleValue();
        }
      }
      double gpu = 0, credits = 0, pu = 0, pf = 0, ou = 0, of = 0;
      for (CostLine l : candidate.lines()) {
        double a = l.amount().doubleValue();
        switch (l.kind()) {
          case GPU -> gpu += a;
          case CREDITS -> credits += -a;
          case PROVIDER, FALLBACK -> {
            if (l.category() == Category.USAGE) {
              pu += a;
            } else {
              pf += a;
            }
          }
          case OTHER_USAGE -> ou += a;
          case OTHER_FIXED -> of += a;
        }
      }
      return new Structure(bu, bf, gpu, credits, pu, pf, ou, of);
    }

    double savings(double k, double f, double v, double m, double fixedFactor) {
      double base = (baseUsage * v + baseFixed) * m;
      double g = gpu * k * v / f;
      double cand = g - Math.min(credits, g) + providerUsage * v * m + providerFixed * m + otherUsage * v
          + otherFixed * fixedFactor;
      return (base - cand) / base;
    }
  }

  /**
   * @param utilisation the candidate's business-hours capacity utilisation as replayed (null without GPUs)
   * @param threshold   the materiality threshold the savings should reach
   */
  public static Result analyse(PathCost baseline, PathCost candidate, Double utilisation, double threshold) {
    Structure s = Structure.of(baseline, candidate);
    double now = s.savings(1, 1, 1, 1, 1);
    double gpuHours = candidate.lines().stream()
        .filter(l -> l.kind() == CostLine.Kind.GPU && "GPU-hours".equals(l.unit()) && l.item().startsWith("GPU "))
        .mapToDouble(l -> l.quantity().doubleValue()).sum();
    Double currentRate = gpuHours > 0 ? s.gpu() / gpuHours : null;
    Double rate = null;
    if (s.gpu() > 0 && currentRate != null) {
      Double k = solve(x -> s.savings(x, 1, 1, 1, 1) - threshold, 1e-6, 1e3);
      rate = k == null ? null : Double.valueOf(k * currentRate);
    }
    Double util = null;
    if (s.gpu() > 0 && utilisation != null && utilisation > 0) {
      Double f = solve(x -> s.savings(1, x, 1, 1, 1) - threshold, 1e-4 / utilisation, 1.0 / utilisation);
      util = f == null ? null : Double.valueOf(f * utilisation);
    }
    double monthlyTokens = candidate.tokens() * (730.0 / candidate.hours());
    Double v = solve(x -> s.savings(1, 1, x, 1, 1) - threshold, 1e-4, 1e4);
    Double volume = v == null ? null : Double.valueOf(v * monthlyTokens);
    List<TornadoRow> rows = new ArrayList<>();
    double lo = 1 - SWING;
    double hi = 1 + SWING;
    if (s.gpu() > 0) {
      rows.add(new TornadoRow("GPU price", s.savings(lo, 1, 1, 1, 1), s.savings(hi, 1, 1, 1, 1)));
      if (utilisation != null && utilisation > 0) {
        double cap = 1.0 / utilisation; // utilisation cannot exceed 100%
        rows.add(new TornadoRow("capacity utilisation", s.savings(1, lo, 1, 1, 1), s.savings(1, Math.min(hi, cap), 1, 1, 1)));
      }
    }
    rows.add(new TornadoRow("traffic volume", s.savings(1, 1, lo, 1, 1), s.savings(1, 1, hi, 1, 1)));
    rows.add(new TornadoRow("managed token prices", s.savings(1, 1, 1, lo, 1), s.savings(1, 1, 1, hi, 1)));
    if (s.otherFixed() != 0) {
      rows.add(new TornadoRow("operations, storage and engineering", s.savings(1, 1, 1, 1, lo),
          s.savings(1, 1, 1, 1, hi)));
    }
    rows.sort(Comparator.comparingDouble(TornadoRow::swing).reversed());
    return new Result(now, rate, util, volume, currentRate, monthlyTokens, List.copyOf(rows));
  }

  /** A root of {@code fn} in [lo, hi], or null when it does not change sign there. */
  static Double solve(DoubleUnaryOperator fn, double lo, double hi) {
    double a = fn.applyAsDouble(lo);
    double b = fn.applyAsDouble(hi);
    if (Double.isNaN(a) || Double.isNaN(b) || Math.signum(a) == Math.signum(b)) {
      return a == 0 ? Double.valueOf(lo) : b == 0 ? Double.valueOf(hi) : null;
    }
    return new BrentSolver(1e-14, 1e-14, 1e-16).solve(1000, fn::applyAsDouble, lo, hi);
  }
}
