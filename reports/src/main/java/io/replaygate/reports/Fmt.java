package io.replaygate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How every report writes a number for people, the same everywhere: money compact ({@code $1.2M},
 * {@code $84.3k}, {@code $912.40}), shares as percentages with one decimal ({@code 83.4%}), times in ms or s
 * ({@code 740 ms}, {@code 1.9 s}); a missing figure is {@code –}.
 */
public final class Fmt {
  /** What a missing figure prints as. */
  public static final String NONE = "–";

  private Fmt() {}

  public static String usd(JsonNode n) {
    return n == null || !n.isNumber() ? NONE : usd(n.asDouble());
  }

  public static String usd(double v) {
    double a = Math.abs(v);
    String sign = v < 0 ? "-" : "";
    if (a >= 1e6) {
      return String.format(Locale.US, "%s$%.1fM", sign, a / 1e6);
    }
    if (a >= 1e4) {
      return String.format(Locale.US, "%s$%.1fk", sign, a / 1e3);
    }
    return String.format(Locale.US, "%s$%,.2f", sign, a);
  }

  public static String pct(JsonNode n) {
    return n == null || !n.isNumber() ? NONE : pct(n.asDouble());
  }

  public static String pct(double v) {
    return String.format(Locale.US, "%.1f%%", 100 * v);
  }

  public static String ms(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return NONE;
    }
    return ms(n.asDouble());
  }

  public static String ms(double v) {
    return v >= 1000 ? String.format(Locale.US, "%.1f s", v / 1000) : String.format(Locale.US, "%.0f ms", v);
  }

  /** A plain number (the break-evens' GPU $/h, tokens, FTEs) with {@code digits} decimals and separators. */
  public static String num(JsonNode n, int digits) {
    return n == null || !n.isNumber() ? NONE : String.format(Locale.US, "%,." + digits + "f", n.asDouble());
  }

  /** Big counts compact: {@code 1.2B}, {@code 34.0M}, {@code 13.9k}. */
  public static String count(JsonNode n) {
    if (n == null || !n.isNumber()) {
      return NONE;
    }
    double v = n.asDouble();
    return v >= 1e9 ? String.format(Locale.US, "%.1fB", v / 1e9) : v >= 1e6 ? String.format(Locale.US, "%.1fM", v / 1e6)
        : v >= 1e4 ? String.format(Locale.US, "%.1fk", v / 1e3) : String.format(Locale.US, "%,.0f", v);
  }

  /** A break-even ({@code formatted}), or why there is none: no value of that input alone reaches the target. */
  public static String reach(JsonNode value, String formatted) {
    return value.isNumber() ? formatted : "not reachable by this input alone";
  }

  /**
   * A gate rule's {@code observed}, {@code threshold} or {@code margin} in the rule's own unit: shares as
   * percentages (a margin in points), {@code fallback} as configured or not, the {@code evidence} rule's block
   * count as blocks.
   */
  public static String rule(JsonNode rule, String field) {
    JsonNode v = rule.path(field);
    if (!v.isNumber()) {
      return NONE;
    }
    String name = rule.path("rule").asText();
    boolean margin = field.equals("margin");
    if (name.equals("fallback")) {
      return margin ? NONE : v.asDouble() >= 1 ? (field.equals("threshold") ? "required" : "configured") : "none";
    }
    if (name.equals("evidence") && rule.path("threshold").asDouble() >= 1) {
      return String.format(Locale.US, margin ? "%+,.0f blocks" : "%,.0f blocks", v.asDouble());
    }
    return margin ? String.format(Locale.US, "%+.1f pts", 100 * v.asDouble()) : pct(v.asDouble());
  }

  /** The savings and its interval: {@code 23.1% [18.4%, 27.9%]}. */
  public static String interval(JsonNode s) {
    if (s == null || !s.isObject()) {
      return NONE;
    }
    return pct(s.path("estimate")) + " [" + pct(s.path("lower")) + ", " + pct(s.path("upper")) + "]";
  }

  /** The decision as people say it. */
  public static String decision(JsonNode verdict) {
    String code = verdict.path("decision").asText();
    return switch (code) {
      case "activate_byoc" -> "Activate BYOC (" + verdict.path("candidate").asText() + ")";
      case "activate_hybrid" -> "Activate a hybrid hot lane (" + String.join(", ", lanes(verdict)) + ")";
      case "stay_managed" -> "Stay managed";
      default -> "Inconclusive";
    };
  }

  static java.util.List<String> lanes(JsonNode verdict) {
    java.util.List<String> out = new java.util.ArrayList<>();
    verdict.path("lanes").forEach(l -> out.add(l.asText()));
    return out;
  }
}
