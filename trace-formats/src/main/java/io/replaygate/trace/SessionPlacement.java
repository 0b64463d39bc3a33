package io.replaygate.trace;

import java.util.Locale;

/**
 * Where each session of a session-per-file source (WEKA / Claude Code) starts when several files are
 * combined into one trace, since such files only record time relative to their own start.
 * String forms: {@code aligned}, {@code sequential}, {@code staggered:SECONDS}, {@code poisson:SECONDS}.
 */
public sealed interface SessionPlacement {

  /** Every session starts at time 0: the heaviest overlap. */
  record Aligned() implements SessionPlacement {}

  /** Each session starts where the previous one (in file-name order) ended: no overlap. */
  record Sequential() implements SessionPlacement {}

  /** Session i (file-name order) starts at {@code i × gapSeconds}. */
  record Staggered(double gapSeconds) implements SessionPlacement {}

  /** Sessions start as a Poisson process: exponential gaps with this mean, drawn from the run's seed. */
  record Poisson(double meanGapSeconds) implements SessionPlacement {}

  /** The default: sessions start a minute apart, in file-name order. */
  SessionPlacement DEFAULT = new Staggered(60);

  /**
   * Parses the string form.
   *
   * @throws IllegalArgumentException with the accepted forms
   */
  static SessionPlacement parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String kind = colon < 0 ? s : s.substring(0, colon);
    String arg = colon < 0 ? null : s.substring(colon + 1);
    return switch (kind) {
      case "aligned" -> noArg(arg, new Aligned(), text);
      case "sequential" -> noArg(arg, new Sequential(), text);
      case "staggered" -> new Staggered(seconds(arg, text));
      case "poisson" -> new Poisson(seconds(arg, text));
      default -> throw new IllegalArgumentException(usage(text));
    };
  }

  private static SessionPlacement noArg(String arg, SessionPlacement value, String text) {
    if (arg != null) {
      throw new IllegalArgumentException(usage(text));
    }
    return value;
  }

  private static double seconds(String arg, String text) {
    if (arg == null) {
      throw new IllegalArgumentException(usage(text));
    }
    try {
      double v = Double.parseDouble(arg);
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("session gap must be a positive number of seconds, got '" + arg + "'");
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(usage(text));
    }
  }

  private static String usage(String text) {
    return "unknown session placement '" + text
        + "' (use aligned, sequential, staggered:SECONDS or poisson:SECONDS)";
  }
}
