package io.replaygate.costmodel.gate;

import io.replaygate.costmodel.stats.PairedBlockBootstrap.Interval;
import java.util.List;

/**
 * The gate's answer: each kind carries the figures it rests on and every rule's result.
 */
public sealed interface Verdict {

  /** The wire code: {@code activate_byoc}, {@code activate_hybrid}, {@code stay_managed}, {@code inconclusive}. */
  String code();

  /** The figures of the candidate the verdict is about (null when there was none). */
  Figures figures();

  /** Every rule's result for that candidate, and any reason the gate could not decide. */
  List<RuleResult> reasons();

  /**
   * @param baseline        the baseline path
   * @param candidate       the candidate path
   * @param baselineCost    USD over the replayed period
   * @param candidateCost   USD over the replayed period
   * @param savings         the savings and its interval
   * @param sloBaseline     SLO attainment of the baseline
   * @param sloCandidate    SLO attainment of the candidate
   * @param errorBaseline   error rate of the baseline
   * @param errorCandidate  error rate of the candidate
   * @param businessHoursUtilisation the candidate's, or null
   */
  record Figures(String baseline, String candidate, double baselineCost, double candidateCost, Interval savings,
      double sloBaseline, double sloCandidate, double errorBaseline, double errorCandidate,
      Double businessHoursUtilisation) {}

  record ActivateByoc(Figures figures, List<RuleResult> reasons) implements Verdict {
    public String code() {
      return "activate_byoc";
    }
  }

  record ActivateHybrid(List<String> lanes, Figures figures, List<RuleResult> reasons) implements Verdict {
    public String code() {
      return "activate_hybrid";
    }
  }

  record StayManaged(Figures figures, List<RuleResult> reasons) implements Verdict {
    public String code() {
      return "stay_managed";
    }
  }

  record Inconclusive(Figures figures, List<RuleResult> reasons) implements Verdict {
    public String code() {
      return "inconclusive";
    }
  }
}
