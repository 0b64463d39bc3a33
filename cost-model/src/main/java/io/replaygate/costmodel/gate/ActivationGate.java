package io.replaygate.costmodel.gate;

import io.replaygate.costmodel.stats.PairedBlockBootstrap;
import io.replaygate.costmodel.stats.PairedBlockBootstrap.Interval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether to activate BYOC (or a hybrid lane) over the managed baseline (DESIGN §1). A candidate
 * must pass every rule:
 * <ol>
 *   <li><b>materiality</b>: the lower end of the savings interval ≥ the materiality threshold;</li>
 *   <li><b>slo</b>: its SLO attainment ≥ the baseline's − the tolerance;</li>
 *   <li><b>errors</b>: its error rate ≤ the baseline's + the tolerance;</li>
 *   <li><b>utilisation</b>: its business-hours capacity utilisation (work served ÷ what the provisioned fleet
 *       could serve at saturation within the SLO) ≥ the break-even band;</li>
 *   <li><b>fallback</b>: a managed fallback is configured for overflow.</li>
 * </ol>
 * Among candidates that pass, the one with the highest savings lower bound wins ({@code activate_byoc} or
 * {@code activate_hybrid}). When none passes, the verdict is {@code inconclusive} if the evidence is too
 * thin (fewer than the minimum number of bootstrap blocks) or if a candidate fails only on materiality
 * while its interval still reaches the threshold (more traffic could settle it); otherwise
 * {@code stay_managed}, with the rules of the closest candidate. Only BYOC and hybrid paths are activation
 * candidates; managed and BYOK paths are costed and compared, not gated.
 */
public final class ActivationGate {
  private ActivationGate() {}

  public static Verdict decide(PathFigures baseline, List<PathFigures> candidates, GateThresholds t) {
    return decideEvaluated(baseline, evaluate(baseline, candidates, t), t);
  }

  /** Every BYOC and hybrid candidate's figures and rules, in the order given (what {@code decide} weighs). */
  public static List<Evaluated> evaluate(PathFigures baseline, List<PathFigures> candidates, GateThresholds t) {
    List<Evaluated> evaluated = new ArrayList<>();
    for (PathFigures c : candidates) {
      if (c.kind() == PathFigures.Kind.BYOC || c.kind() == PathFigures.Kind.HYBRID) {
        evaluated.add(evaluate(baseline, c, t));
      }
    }
    return List.copyOf(evaluated);
  }

  /** The verdict over candidates already {@linkplain #evaluate evaluated}. */
  public static Verdict decideEvaluated(PathFigures baseline, List<Evaluated> evaluated, GateThresholds t) {
    if (evaluated.isEmpty()) {
      return new Verdict.Inconclusive(null, List.of(new RuleResult("candidates", false, 0, 1, -1,
          "no BYOC or hybrid path was replayed: nothing to activate")));
    }
    long windows = baseline.perWindowCost().windows();
    int blocks = (int) (windows / t.blockWindows());
    Evaluated best = evaluated.stream()
        .filter(Evaluated::passed)
        .max((a, b) -> Double.compare(a.figures.savings().lower(), b.figures.savings().lower()))
        .orElse(null);
    if (blocks < t.minBlocks()) {
      Evaluated closest = closest(evaluated);
      List<RuleResult> reasons = new ArrayList<>(closest.rules);
      reasons.add(0, new RuleResult("evidence", false, blocks, t.minBlocks(), blocks - t.minBlocks(), String.format(
          Locale.US, "only %d whole %d-window blocks replayed (need %d): replay more traffic", blocks,
          t.blockWindows(), t.minBlocks())));
      return new Verdict.Inconclusive(closest.figures, reasons);
    }
    if (best != null) {
      return best.candidate.kind() == PathFigures.Kind.HYBRID
          ? new Verdict.ActivateHybrid(best.candidate.lanes(), best.figures, best.rules)
          : new Verdict.ActivateByoc(best.figures, best.rules);
    }
    for (Evaluated e : evaluated) {
      boolean onlyMateriality = e.rules.stream().allMatch(r -> r.passed() || r.rule().equals("materiality"));
      if (onlyMateriality && e.figures.savings().upper() >= t.materiality()) {
        List<RuleResult> reasons = new ArrayList<>(e.rules);
        reasons.add(new RuleResult("evidence", false, e.figures.savings().upper(), t.materiality(),
            e.figures.savings().upper() - t.materiality(), String.format(Locale.US,
                "the savings interval [%.1f%%, %.1f%%] straddles the %.0f%% threshold: more traffic could settle it",
                100 * e.figures.savings().lower(), 100 * e.figures.savings().upper(), 100 * t.materiality())));
        return new Verdict.Inconclusive(e.figures, reasons);
      }
    }
    Evaluated closest = closest(evaluated);
    return new Verdict.StayManaged(closest.figures, closest.rules);
  }

  private static Evaluated closest(List<Evaluated> evaluated) {
    return evaluated.stream()
        .max((a, b) -> Double.compare(a.figures.savings().lower(), b.figures.savings().lower()))
        .orElseThrow();
  }

  /** One candidate through the gate: its figures (savings and interval included) and every rule's result. */
  public record Evaluated(PathFigures candidate, Verdict.Figures figures, List<RuleResult> rules) {
    public boolean passed() {
      return rules.stream().allMatch(RuleResult::passed);
    }
  }

  private static Evaluated evaluate(PathFigures base, PathFigures c, GateThresholds t) {
    Interval savings = PairedBlockBootstrap.savings(base.perWindowCost(), c.perWindowCost(), t.blockWindows(),
        t.confidenceLevel(), t.resamples(), t.seed());
    List<RuleResult> rules = new ArrayList<>();
    rules.add(new RuleResult("materiality", savings.lower() >= t.materiality(), savings.lower(), t.materiality(),
        savings.lower() - t.materiality(), String.format(Locale.US,
            "savings %.1f%% (%.0f%% interval %.1f%% to %.1f%%); its lower end must reach %.0f%%",
            100 * savings.estimate(), 100 * savings.level(), 100 * savings.lower(), 100 * savings.upper(),
            100 * t.materiality())));
    double sloFloor = base.sloAttainment() - t.sloTolerance();
    rules.add(new RuleResult("slo", c.sloAttainment() >= sloFloor, c.sloAttainment(), sloFloor,
        c.sloAttainment() - sloFloor, String.format(Locale.US,
            "SLO attainment %.2f%% vs managed %.2f%% (at most %.1f pp worse)", 100 * c.sloAttainment(),
            100 * base.sloAttainment(), 100 * t.sloTolerance())));
    double errorCeiling = base.errorRate() + t.errorTolerance();
    rules.add(new RuleResult("errors", c.errorRate() <= errorCeiling, c.errorRate(), errorCeiling,
        errorCeiling - c.errorRate(), String.format(Locale.US,
            "error rate %.3f%% vs managed %.3f%% (at most %.1f pp worse)", 100 * c.errorRate(),
            100 * base.errorRate(), 100 * t.errorTolerance())));
    Double u = c.businessHoursUtilisation();
    rules.add(new RuleResult("utilisation", u != null && u >= t.utilisationBand(), u == null ? Double.NaN : u,
        t.utilisationBand(), u == null ? Double.NaN : u - t.utilisationBand(), u == null
            ? "business-hours capacity utilisation was not measured"
            : String.format(Locale.US, "business-hours capacity utilisation %.1f%% (break-even band %.0f%%)", 100 * u,
                100 * t.utilisationBand())));
    rules.add(new RuleResult("fallback", c.fallbackConfigured(), c.fallbackConfigured() ? 1 : 0, 1,
        c.fallbackConfigured() ? 0 : -1, c.fallbackConfigured() ? "a managed fallback takes overflow"
            : "no managed fallback configured for overflow"));
    Verdict.Figures figures = new Verdict.Figures(base.path(), c.path(), base.totalCost(), c.totalCost(), savings,
        base.sloAttainment(), c.sloAttainment(), base.errorRate(), c.errorRate(), u);
    return new Evaluated(c, figures, List.copyOf(rules));
  }
}
