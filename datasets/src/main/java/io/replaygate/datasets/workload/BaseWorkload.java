package io.replaygate.datasets.workload;

import io.replaygate.datasets.Param;
import io.replaygate.datasets.Workload;
import java.util.List;

/** What every workload states about itself, held once: a workload file adds only its session model. */
abstract class BaseWorkload implements Workload {
  private final String name;
  private final String description;
  private final double defaultRate;
  private final double warmupHours;
  private final List<Param> parameters;

  BaseWorkload(String name, String description, double defaultRate, double warmupHours, List<Param> parameters) {
    this.name = name;
    this.description = description;
    this.defaultRate = defaultRate;
    this.warmupHours = warmupHours;
    this.parameters = List.copyOf(parameters);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final double defaultRate() {
    return defaultRate;
  }

  @Override
  public final double warmupHours() {
    return warmupHours;
  }

  @Override
  public final List<Param> parameters() {
    return parameters;
  }
}
