package io.replaygate.datasets;

import java.util.Locale;

/**
 * One documented parameter of a workload: its name (as given to {@code --param name=value}), type,
 * default, allowed range, unit, meaning and where the default comes from.
 *
 * @param name         {@code snake_case} name
 * @param type         how the value is read
 * @param defaultValue default, in the form a user would type it
 * @param min          smallest allowed numeric value (inclusive; ignored for text)
 * @param max          largest allowed numeric value (inclusive; ignored for text)
 * @param unit         unit, e.g. {@code tokens}, {@code s}; empty when none
 * @param description  what it controls, one line
 * @param source       where the default comes from
 */
public record Param(String name, Type type, String defaultValue, double min, double max, String unit,
    String description, Source source) {

  /** How a value is read. */
  public enum Type { INT, REAL, TEXT }

  /** What kind of evidence stands behind a default. */
  public enum Evidence {
    /** Fitted to or read from a real trace (named in the text). */
    MEASURED,
    /** Taken from a published paper, documentation page or benchmark (named in the text). */
    PUBLISHED,
    /** A stated modelling assumption: no public figure found; change it with --param. */
    ASSUMPTION;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Where a default comes from: the kind of evidence and the figure or reference. */
  public record Source(Evidence evidence, String text) {
    @Override
    public String toString() {
      return evidence.wireName() + ": " + text;
    }
  }

  public static Source measured(String text) {
    return new Source(Evidence.MEASURED, text);
  }

  public static Source published(String text) {
    return new Source(Evidence.PUBLISHED, text);
  }

  public static Source assumption(String text) {
    return new Source(Evidence.ASSUMPTION, text);
  }

  public static Param integer(String name, long def, long min, long max, String unit, String description,
      Source source) {
    return new Param(name, Type.INT, Long.toString(def), min, max, unit, description, source);
  }

  public static Param real(String name, double def, double min, double max, String unit, String description,
      Source source) {
    return new Param(name, Type.REAL, format(def), min, max, unit, description, source);
  }

  public static Param text(String name, String def, String description, Source source) {
    return new Param(name, Type.TEXT, def, Double.NaN, Double.NaN, "", description, source);
  }

  /** The allowed range in words, e.g. {@code 1 to 1000000}. */
  public String range() {
    return type == Type.TEXT ? "text" : format(min) + " to " + format(max);
  }

  public static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.US, "%s", v);
  }
}
