package io.replaygate.datasets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A workload's parameters with the user's {@code name=value} pairs applied over the defaults, each value
 * parsed and range-checked once, here. Unknown names and bad values are {@link WorkloadException}s that
 * name the workload, the parameter and what would be valid.
 */
public final class ParamValues {
  private final String workload;
  private final Map<String, Param> params = new LinkedHashMap<>();
  private final Map<String, String> raw = new LinkedHashMap<>();

  private ParamValues(String workload, List<Param> declared) {
    this.workload = workload;
    for (Param p : declared) {
      params.put(p.name(), p);
      raw.put(p.name(), p.defaultValue());
    }
  }

  /** The defaults of {@code declared} with {@code overrides} applied. */
  public static ParamValues of(String workload, List<Param> declared, Map<String, String> overrides) {
    ParamValues v = new ParamValues(workload, declared);
    overrides.forEach(v::set);
    for (Param p : declared) {
      v.check(p);
    }
    return v;
  }

  private void set(String name, String value) {
    if (!params.containsKey(name)) {
      throw new WorkloadException("unknown parameter '" + name + "' for workload " + workload + " (valid: "
          + String.join(", ", params.keySet()) + ")");
    }
    raw.put(name, value.strip());
  }

  private void check(Param p) {
    if (p.type() == Param.Type.TEXT) {
      if (raw.get(p.name()).isEmpty()) {
        throw new WorkloadException("parameter " + p.name() + " of workload " + workload + " is empty");
      }
      return;
    }
    double v = number(p);
    if (!(v >= p.min() && v <= p.max())) {
      throw new WorkloadException("parameter " + p.name() + " of workload " + workload + " must be "
          + p.range() + (p.unit().isEmpty() ? "" : " " + p.unit()) + ", got " + raw.get(p.name()));
    }
  }

  private double number(Param p) {
    String s = raw.get(p.name()).replace("_", "");
    try {
      if (p.type() == Param.Type.INT) {
        return Long.parseLong(s);
      }
      double d = Double.parseDouble(s);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new WorkloadException("parameter " + p.name() + " of workload " + workload + " expects "
          + (p.type() == Param.Type.INT ? "an integer" : "a number") + ", got '" + raw.get(p.name()) + "'");
    }
  }

  private Param declared(String name) {
    Param p = params.get(name);
    if (p == null) {
      throw new IllegalStateException(workload + " reads an undeclared parameter " + name);
    }
    return p;
  }

  public double real(String name) {
    return number(declared(name));
  }

  public int integer(String name) {
    return Math.toIntExact((long) number(declared(name)));
  }

  public String text(String name) {
    declared(name);
    return raw.get(name);
  }

  public String workload() {
    return workload;
  }

  /** Every value, in declaration order, as {@code name=value} (for provenance lines). */
  @Override
  public String toString() {
    return raw.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
  }
}
