package io.replaygate.replay.byoc.step;

import io.replaygate.trace.TraceInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * A step time fitted to measured steps (from the live adapter, or an engine's step log) by ordinary least
 * squares: seconds = c₀ + c₁ × prefill tokens + c₂ × prefill attention + c₃ × decoding sequences
 * + c₄ × decode context. Linear in the roofline's terms, so it extrapolates the same way; negative
 * coefficients from noisy data are kept (the fit is what the data says) but a step never takes less than
 * {@code c₀} clamped at zero.
 */
public final class FittedStepTime implements StepTimeModel {
  /** One measured step. */
  public record Measurement(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext,
      double seconds) {}

  private final double[] c;
  private final double rSquared;

  private FittedStepTime(double[] c, double rSquared) {
    this.c = c.clone();
    this.rSquared = rSquared;
  }

  /** Fits the model; needs more measurements than coefficients and enough variety to separate them. */
  public static FittedStepTime fit(List<Measurement> steps) {
    return fit(steps, new boolean[4]);
  }

  /**
   * As {@link #fit(List)}, leaving out the terms {@code excluded} marks (prefill tokens, prefill attention,
   * decoding sequences, decode context): their coefficients are 0. For data that cannot separate a term from another
   * (attention grows with the prompt when nothing is cached), which would otherwise trade one against the other.
   */
  public static FittedStepTime fit(List<Measurement> steps, boolean[] excluded) {
    if (steps.size() < 8) {
      throw new IllegalArgumentException("a fitted step time needs at least 8 measured steps, got " + steps.size());
    }
    int[] used = java.util.stream.IntStream.range(0, 4).filter(j -> !excluded[j]).toArray();
    double[] y = new double[steps.size()];
    double[][] x = new double[steps.size()][];
    for (int i = 0; i < steps.size(); i++) {
      Measurement m = steps.get(i);
      y[i] = m.seconds();
      double[] all = {m.prefillTokens(), m.prefillAttention(), m.decodeSeqs(), m.decodeContext()};
      x[i] = java.util.Arrays.stream(used).mapToDouble(j -> all[j]).toArray();
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    try {
      double[] b = ols.estimateRegressionParameters();
      double[] c = new double[5];
      c[0] = b[0];
      for (int k = 0; k < used.length; k++) {
        c[1 + used[k]] = b[1 + k];
      }
      return new FittedStepTime(c, ols.calculateRSquared());
    } catch (org.apache.commons.math3.linear.SingularMatrixException e) {
      throw new IllegalArgumentException("the measured steps do not vary enough to fit every term "
          + "(vary prefill tokens, decode batch size and context)");
    }
  }

  /** The columns of a measurements CSV, in this order, with this header. */
  public static final String HEADER = "prefill_tokens,prefill_attention,decode_seqs,decode_context,step_ms";

  /**
   * Reads measured steps from a CSV with {@link #HEADER}; a malformed row is a {@link TraceInputException}
   * naming the file, line and column.
   */
  public static List<Measurement> read(Path file) {
    List<Measurement> out = new ArrayList<>();
    String[] cols = HEADER.split(",");
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || !header.strip().equals(HEADER)) {
        throw new TraceInputException(file, "line 1", null, "expected the header " + HEADER);
      }
      String line;
      int n = 1;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",", -1);
        if (f.length != cols.length) {
          throw new TraceInputException(file, "line " + n, null, "expected " + cols.length + " columns, got " + f.length);
        }
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
          try {
            v[i] = Double.parseDouble(f[i].strip());
          } catch (NumberFormatException e) {
            throw new TraceInputException(file, "line " + n, cols[i], "not a number: '" + f[i] + "'");
          }
          if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
            throw new TraceInputException(file, "line " + n, cols[i], "must be a finite number ≥ 0, got " + f[i]);
          }
        }
        if (v[4] <= 0) {
          throw new TraceInputException(file, "line " + n, cols[4], "a step takes longer than zero");
        }
        out.add(new Measurement((long) v[0], v[1], (int) v[2], (long) v[3], v[4] / 1e3));
      }
    } catch (NoSuchFileException e) {
      throw new TraceInputException(file, null, null, "no such file");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The coefficients c₀…c₄. */
  public double[] coefficients() {
    return c.clone();
  }

  public double rSquared() {
    return rSquared;
  }

  /** When the context's coefficient is not negative (a fit may leave it below zero). */
  @Override
  public boolean decodeNonDecreasingInContext() {
    return c[4] >= 0;
  }

  @Override
  public double stepSeconds(long prefillTokens, double prefillAttention, int decodeSeqs, long decodeContext) {
    double s = c[0] + c[1] * prefillTokens + c[2] * prefillAttention + c[3] * decodeSeqs + c[4] * decodeContext;
    return Math.max(Math.max(0, c[0]), s);
  }
}
