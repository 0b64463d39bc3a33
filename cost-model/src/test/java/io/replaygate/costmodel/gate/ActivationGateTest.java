package io.replaygate.costmodel.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.gate.PathFigures.Kind;
import io.replaygate.costmodel.ledger.WindowValues;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A candidate that passes every rule activates; breaking any single rule flips the verdict, which names
 * that rule as the one that failed.
 */
class ActivationGateTest {
  static final GateThresholds T = GateThresholds.DEFAULTS;

  /** A day of 5-minute windows of managed cost, with a diurnal shape. */
  static double[] managedDay(int windows) {
    double[] b = new double[windows];
    for (int i = 0; i < windows; i++) {
      b[i] = 10 + 6 * Math.sin(2 * Math.PI * i / 288.0) + (i % 7) * 0.3;
    }
    return b;
  }

  static double[] scaled(double[] base, double factor) {
    double[] c = new double[base.length];
    for (int i = 0; i < base.length; i++) {
      c[i] = base[i] * factor;
    }
    return c;
  }

  static final double[] BASE = managedDay(288);
  static final PathFigures MANAGED = new PathFigures("managed", Kind.MANAGED, WindowValues.of(BASE), 0.990, 0.002, null, false, List.of());
  /** 40% cheaper in every window, as reliable, busy GPUs, with a fallback. */
  static final PathFigures GOOD = new PathFigures("byoc", Kind.BYOC, WindowValues.of(scaled(BASE, 0.6)), 0.990, 0.002, 0.72, true, List.of());

  @Test
  void everyRuleHolds_activatesByoc() {
    Verdict v = ActivationGate.decide(MANAGED, List.of(GOOD), T);
    assertEquals("activate_byoc", v.code());
    assertTrue(v.reasons().stream().allMatch(RuleResult::passed));
    assertEquals(0.40, v.figures().savings().estimate(), 1e-12);
    assertEquals(0.40, v.figures().savings().lower(), 1e-12, "the same factor in every window: a zero-width interval");
  }

  static Stream<Arguments> singleRuleFailures() {
    return Stream.of(
        Arguments.of("materiality", (UnaryOperator<PathFigures>) c -> with(c, scaled(BASE, 0.97), c.sloAttainment(),
            c.errorRate(), c.businessHoursUtilisation(), true)),
        Arguments.of("slo", (UnaryOperator<PathFigures>) c -> with(c, c.perWindowCost(), 0.980, c.errorRate(),
            c.businessHoursUtilisation(), true)),
        Arguments.of("errors", (UnaryOperator<PathFigures>) c -> with(c, c.perWindowCost(), c.sloAttainment(), 0.0035,
            c.businessHoursUtilisation(), true)),
        Arguments.of("utilisation", (UnaryOperator<PathFigures>) c -> with(c, c.perWindowCost(), c.sloAttainment(),
            c.errorRate(), 0.55, true)),
        Arguments.of("fallback", (UnaryOperator<PathFigures>) c -> with(c, c.perWindowCost(), c.sloAttainment(),
            c.errorRate(), c.businessHoursUtilisation(), false)));
  }

  static PathFigures with(PathFigures c, WindowValues cost, double slo, double err, Double util, boolean fallback) {
    return new PathFigures(c.path(), c.kind(), cost, slo, err, util, fallback, c.lanes());
  }

  static PathFigures with(PathFigures c, double[] cost, double slo, double err, Double util, boolean fallback) {
    return with(c, WindowValues.of(cost), slo, err, util, fallback);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleRuleFailures")
  void onlyOneRuleFails_staysManaged_andSaysWhich(String rule, UnaryOperator<PathFigures> breakIt) {
    Verdict v = ActivationGate.decide(MANAGED, List.of(breakIt.apply(GOOD)), T);
    assertEquals("stay_managed", v.code());
    List<String> failed = v.reasons().stream().filter(r -> !r.passed()).map(RuleResult::rule).toList();
    assertEquals(List.of(rule), failed);
    RuleResult r = v.reasons().stream().filter(x -> x.rule().equals(rule)).findFirst().orElseThrow();
    assertTrue(r.margin() < 0 || rule.equals("fallback") && r.margin() == -1, r.toString());
  }

  @Test
  void ruleJustHeld_byItsTolerance_stillActivates() {
    // SLO 0.5 pp below the baseline and errors 0.1 pp above it are still "at least equal".
    PathFigures edge = with(GOOD, GOOD.perWindowCost(), 0.985, 0.003, 0.60, true);
    assertEquals("activate_byoc", ActivationGate.decide(MANAGED, List.of(edge), T).code());
  }

  @Test
  void savingsIntervalStraddlingTheThreshold_isInconclusive() {
    // About 15% cheaper on average, but noisy window to window: the interval reaches both sides of 15%.
    double[] c = new double[BASE.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = BASE[i] * 0.85 + ((i / 12) % 2 == 0 ? 2.5 : -2.5);
    }
    Verdict v = ActivationGate.decide(MANAGED, List.of(with(GOOD, c, 0.99, 0.002, 0.72, true)), T);
    assertEquals("inconclusive", v.code(), v.reasons().toString());
    assertTrue(v.figures().savings().lower() < 0.15 && v.figures().savings().upper() >= 0.15);
  }

  @Test
  void tooFewWindows_isInconclusive() {
    double[] b = managedDay(24); // two hours: two one-hour blocks, fewer than the four required
    PathFigures base = new PathFigures("managed", Kind.MANAGED, WindowValues.of(b), 0.99, 0.002, null, false, List.of());
    Verdict v = ActivationGate.decide(base, List.of(with(GOOD, scaled(b, 0.5), 0.99, 0.002, 0.8, true)), T);
    assertEquals("inconclusive", v.code());
    assertEquals("evidence", v.reasons().get(0).rule());
  }

  @Test
  void hybridWithBetterLowerBound_activatesHybrid_namingItsLanes() {
    PathFigures hybrid = new PathFigures("hybrid", Kind.HYBRID, WindowValues.of(scaled(BASE, 0.5)), 0.99, 0.002, 0.81, true,
        List.of("coding/sonnet"));
    Verdict v = ActivationGate.decide(MANAGED, List.of(GOOD, hybrid), T);
    String described = switch (v) {
      case Verdict.ActivateHybrid h -> "hybrid " + h.lanes();
      case Verdict.ActivateByoc b -> "byoc";
      case Verdict.StayManaged s -> "managed";
      case Verdict.Inconclusive i -> "inconclusive";
    };
    assertEquals("hybrid [coding/sonnet]", described);
  }

  @Test
  void noCandidate_isInconclusive() {
    Verdict v = ActivationGate.decide(MANAGED, List.of(), T);
    assertEquals("inconclusive", v.code());
    assertFalse(v.reasons().isEmpty());
  }
}
