package io.replaygate.replay.byoc.scale;

import io.replaygate.costmodel.gate.BusinessHours;

/** One count in business hours, another outside them (scaled ahead of the change by the cold start). */
public final class ScheduledScaler implements Autoscaler {
  private final BusinessHours hours;
  private final int inHours;
  private final int offHours;
  private final long leadUs;

  public ScheduledScaler(BusinessHours hours, int inHours, int offHours, long coldStartUs) {
    this.hours = hours;
    this.inHours = inHours;
    this.offHours = offHours;
    this.leadUs = coldStartUs;
  }

  @Override
  public int initial(long startUs) {
    return hours.contains(startUs) ? inHours : offHours;
  }

  /** Starts replicas a cold start ahead of business hours so they serve when the hours begin. */
  @Override
  public int desired(ScaleSignals s) {
    boolean now = hours.contains(s.nowUs());
    boolean soon = hours.contains(s.nowUs() + leadUs);
    return now || soon ? Math.max(now ? inHours : offHours, soon ? inHours : offHours) : offHours;
  }
}
