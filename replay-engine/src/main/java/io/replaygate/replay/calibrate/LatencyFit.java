package io.replaygate.replay.calibrate;

import io.replaygate.costmodel.catalog.LatencyParams;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Fits the managed latency model to latencies a trace observed, by least squares (commons-math3 OLS):
 * {@code TTFT = base + per1k × uncached / 1000} and {@code e2e = TTFT + TPOT × (output − 1)}. Every observed
 * TTFT gives one equation {@code [1, u/1000, 0]·θ = ttft}, every observed end-to-end time one
 * {@code [1, u/1000, out − 1]·θ = e2e}, with {@code θ = (base, per1k, tpot)}; all are solved together. A
 * coefficient that comes out negative (a cost cannot be) is fixed at zero and the others refitted; the TPOT
 * keeps its catalog value when the trace observed no end-to-end times (nothing to fit it on).
 * Accuracy is the mean absolute percentage error (MAPE) of the model's TTFT and e2e against the
 * observations, before (the catalog's parameters) and after (the fitted ones).
 */
public final class LatencyFit {
  private LatencyFit() {
  }

  /**
   * One request: its uncached prompt tokens (as the provider's cache simulation billed it), output tokens,
   * and what the trace observed ({@code null} where it did not).
   */
  public record Observation(long uncachedTokens, int outputTokens, Double ttftMs, Double e2eMs) {
  }

  /** The fit and how well each parameter set explains the observations. */
  public record Result(LatencyParams fitted, int ttftObservations, int e2eObservations, double mapeTtftBefore,
      double mapeTtftAfter, double mapeE2eBefore, double mapeE2eAfter) {
  }

  public static Result fit(List<Observation> observations, LatencyParams before) {
    List<double[]> rows = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    int ttft = 0;
    int e2e = 0;
    for (Observation o : observations) {
      double u = o.uncachedTokens() / 1000.0;
      if (o.ttftMs() != null && o.ttftMs() > 0) {
        rows.add(new double[] {1, u, 0});
        y.add(o.ttftMs());
        ttft++;
      }
      if (o.e2eMs() != null && o.e2eMs() > 0) {
        rows.add(new double[] {1, u, Math.max(0, o.outputTokens() - 1)});
        y.add(o.e2eMs());
        e2e++;
      }
    }
    if (rows.size() < 3) {
      throw new IllegalArgumentException("too few observed latencies to fit (" + rows.size() + "; need at least 3)");
    }
    boolean[] free = {true, true, true};
    double[] fixed = {0, 0, 0};
    if (e2e == 0) {
      free[2] = false;
      fixed[2] = before.tpotMs();
    }
    double[] theta = solve(rows, y, free, fixed);
    for (int round = 0; round < 3; round++) {
      boolean changed = false;
      for (int i = 0; i < 3; i++) {
        if (free[i] && theta[i] < 0) {
          free[i] = false;
          fixed[i] = 0;
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
      theta = solve(rows, y, free, fixed);
    }
    LatencyParams after = new LatencyParams(Math.max(0, theta[0]), Math.max(0, theta[1]), Math.max(0, theta[2]));
    return new Result(after, ttft, e2e, mape(observations, before, true), mape(observations, after, true),
        mape(observations, before, false), mape(observations, after, false));
  }

  /** Least squares over the free columns, the others held at their fixed values. */
  private static double[] solve(List<double[]> rows, List<Double> y, boolean[] free, double[] fixed) {
    int k = 0;
    for (boolean f : free) {
      k += f ? 1 : 0;
    }
    double[] theta = fixed.clone();
    if (k == 0) {
      return theta;
    }
    double[][] x = new double[rows.size()][k];
    double[] yy = new double[rows.size()];
    for (int r = 0; r < rows.size(); r++) {
      double rest = y.get(r);
      for (int i = 0, j = 0; i < 3; i++) {
        if (free[i]) {
          x[r][j++] = rows.get(r)[i];
        } else {
          rest -= fixed[i] * rows.get(r)[i];
        }
      }
      yy[r] = rest;
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.setNoIntercept(true);
    ols.newSampleData(yy, x);
    double[] b;
    try {
      b = ols.estimateRegressionParameters();
    } catch (SingularMatrixException e) {
      throw new IllegalArgumentException("the observations cannot separate the latency terms (all prompts or "
          + "outputs the same length?)", e);
    }
    for (int i = 0, j = 0; i < 3; i++) {
      if (free[i]) {
        theta[i] = b[j++];
      }
    }
    return theta;
  }

  /** Mean |model − observed| ÷ observed over the TTFT (or e2e) observations; NaN when there are none. */
  static double mape(List<Observation> observations, LatencyParams p, boolean ttft) {
    double sum = 0;
    int n = 0;
    for (Observation o : observations) {
      Double obs = ttft ? o.ttftMs() : o.e2eMs();
      if (obs == null || obs <= 0) {
        continue;
      }
      double model = p.ttftMs(o.uncachedTokens()) + (ttft ? 0 : p.tpotMs() * Math.max(0, o.outputTokens() - 1));
      sum += Math.abs(model - obs) / obs;
      n++;
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}
