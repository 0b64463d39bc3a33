package io.replaygate.datasets;

import io.replaygate.datasets.gen.GenContext;
import io.replaygate.datasets.gen.SessionModel;
import io.replaygate.datasets.gen.WeeklyCurve;
import java.time.ZoneId;
import java.util.List;

/**
 * A kind of traffic that {@code replaygate generate} can produce: one implementation per file, registered
 * by name in {@link Workloads}. A workload declares its parameters (each with a default and where that
 * default comes from) and builds the {@link SessionModel} that shapes its sessions; {@link Workloads#open}
 * does the rest (arrivals, tenants, the time span, streaming).
 */
public interface Workload {
  /** Registry name, e.g. {@code coding-agent}. */
  String name();

  /** One line: what the traffic is and what it was calibrated on. */
  String description();

  /** Mean requests per second when {@code --rate} is not given. */
  double defaultRate();

  /**
   * How long before the span sessions start being simulated, so the span opens in a steady state: about
   * the duration of a long session of this workload.
   */
  double warmupHours();

  /** The workload's parameters, defaults and sources, in the order {@code --list} prints them. */
  List<Param> parameters();

  /** The session model for these values. */
  SessionModel model(ParamValues values, GenContext context);

  /**
   * Relative session-start intensity over the week (flat unless the workload has a curve) and its
   * bursts; the generator normalises it so {@code --rate} is the mean.
   */
  default ArrivalShape arrivalShape(ParamValues values, ZoneId zone) {
    return new ArrivalShape(WeeklyCurve.flat(zone), 1, 1, 1);
  }

  /**
   * @param curve       relative intensity by hour of the week
   * @param burstFactor intensity multiplier in a burst (1 = no bursts)
   * @param calmSeconds mean length of the calm periods between bursts
   * @param burstSeconds mean length of a burst
   */
  record ArrivalShape(WeeklyCurve curve, double burstFactor, double calmSeconds, double burstSeconds) {
  }
}
