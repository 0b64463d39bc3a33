package io.replaygate.datasets;

import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * The per-request and per-session figures a workload is calibrated on, computed the same way from a
 * real trace and a generated one: input and output tokens per request, requests per (top-level)
 * session, gaps and context growth between a session's consecutive requests (drops of more than 30% are
 * compactions, not growth), and the share of requests made by sub-agents ({@code /} in the session id).
 */
public final class TraceStats {
  final List<Double> input = new ArrayList<>();
  final List<Double> output = new ArrayList<>();
  final List<Double> turns = new ArrayList<>();
  final List<Double> gapsS = new ArrayList<>();
  final List<Double> growth = new ArrayList<>();
  long requests;
  long subagentRequests;

  /**
   * @param countSession which sessions' request counts to keep (by session id), e.g. only sessions whose
   *                     first request lies in the first half of a generated span
   */
  static TraceStats of(TraceReader reader, Predicate<String> countSession) {
    TraceStats s = new TraceStats();
    Map<String, long[]> last = new HashMap<>(); // session → {arrival µs, input tokens, requests}
    while (reader.hasNext()) {
      TraceRecord r = reader.next();
      s.requests++;
      s.input.add((double) r.inputTokens());
      s.output.add((double) r.outputTokens());
      String session = r.sessionId();
      if (session.contains("/")) {
        s.subagentRequests++;
        continue;
      }
      long[] prev = last.get(session);
      if (prev == null) {
        last.put(session, new long[] {r.arrivalUs(), r.inputTokens(), 1});
        continue;
      }
      s.gapsS.add((r.arrivalUs() - prev[0]) / 1e6);
      long delta = r.inputTokens() - prev[1];
      if (delta >= -0.3 * prev[1]) {
        s.growth.add((double) delta);
      }
      prev[0] = r.arrivalUs();
      prev[1] = r.inputTokens();
      prev[2]++;
    }
    last.forEach((session, v) -> {
      if (countSession.test(session)) {
        s.turns.add((double) v[2]);
      }
    });
    return s;
  }

  /**
   * The reuse ceiling, fed record by record: prompt tokens in leading blocks seen before (an unbounded
   * cache, whole blocks) ÷ all prompt tokens.
   */
  static final class Ceiling {
    private final java.util.Set<Long> seen = new java.util.HashSet<>();
    private final int blockTokens;
    private long hit;
    private long total;

    Ceiling(int blockTokens) {
      this.blockTokens = blockTokens;
    }

    void add(TraceRecord r) {
      long[] h = r.blockHashes();
      int shared = 0;
      while (shared < h.length && seen.contains(h[shared])) {
        shared++;
      }
      for (long x : h) {
        seen.add(x);
      }
      hit += Math.min((long) shared * blockTokens, r.inputTokens());
      total += r.inputTokens();
    }

    double ratio() {
      return (double) hit / total;
    }
  }

  /**
   * Mean count per weekday business hour (Mon–Fri 09–18) ÷ mean count per night hour (22–07), from counts
   * by hour of the week (0 = Monday 00:00).
   */
  public static double businessToNight(double[] perHourOfWeek) {
    double business = 0;
    double night = 0;
    int bh = 0;
    int nh = 0;
    for (int h = 0; h < 168; h++) {
      int day = h / 24;
      int hour = h % 24;
      if (day < 5 && hour >= 9 && hour < 18) {
        business += perHourOfWeek[h];
        bh++;
      } else if (hour >= 22 || hour < 7) {
        night += perHourOfWeek[h];
        nh++;
      }
    }
    return (business / bh) / (night / nh);
  }

  double subagentShare() {
    return (double) subagentRequests / requests;
  }

  static double[] array(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static double quantile(double[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  /** Two-sample KS statistic D, printing the quantiles side by side. */
  static double compare(String name, List<Double> real, List<Double> generated) {
    double[] a = array(real);
    double[] b = array(generated);
    Arrays.sort(a);
    Arrays.sort(b);
    double d = KolmogorovSmirnovTest.withDefaults().statistic(a, b);
    StringBuilder line = new StringBuilder(String.format(Locale.US, "%-22s n=%6d/%7d  D=%.3f  q10/25/50/75/90 real",
        name, a.length, b.length, d));
    for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
      line.append(String.format(Locale.US, " %.0f", quantile(a, q)));
    }
    line.append("  generated");
    for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9}) {
      line.append(String.format(Locale.US, " %.0f", quantile(b, q)));
    }
    System.out.println(line);
    return d;
  }
}
