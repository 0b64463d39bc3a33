package io.replaygate.replay.byoc.scale;

import io.replaygate.costmodel.gate.BusinessHours;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The autoscaling policies by name: adding one is a class and a line here. */
public enum Autoscalers {
  FIXED(c -> new FixedScaler(c.replicas())),
  SCHEDULED(c -> new ScheduledScaler(c.businessHours(), c.replicas(), c.offHoursReplicas(), c.coldStartUs())),
  REACTIVE(c -> new ReactiveScaler(c.metric(), c.target(), c.min(), c.max(), c.stabilizationUs()));

  /**
   * A deployment's scaling (unused fields ignored by a policy).
   *
   * @param policy           which policy [fixed]
   * @param replicas         fixed: the count; scheduled: the count in business hours
   * @param offHoursReplicas scheduled: the count outside business hours
   * @param min              reactive: fewest replicas
   * @param max              reactive: most replicas
   * @param metric           reactive: TTFT or queue [ttft]
   * @param target           reactive: target mean TTFT in ms, or queued requests per replica
   * @param intervalUs       how often the policy is asked [30 s]
   * @param coldStartUs      from asking for a replica to it serving, billed [180 s: node already up, image
   *                         cached, weights loaded from local NVMe]
   * @param stabilizationUs  reactive: scale-down stabilisation window [300 s, the HPA default]
   * @param businessHours    scheduled: when business hours are [Mon–Fri 09–18 UTC]
   */
  public record Config(Autoscalers policy, int replicas, int offHoursReplicas, int min, int max,
      ReactiveScaler.Metric metric, double target, long intervalUs, long coldStartUs, long stabilizationUs,
      BusinessHours businessHours) {

    public static Config fixed(int replicas) {
      return new Config(FIXED, replicas, replicas, replicas, replicas, ReactiveScaler.Metric.TTFT, 1000,
          30_000_000L, 180_000_000L, 300_000_000L, BusinessHours.DEFAULT);
    }
  }

  private interface Factory {
    Autoscaler create(Config c);
  }

  private final Factory factory;

  Autoscalers(Factory factory) {
    this.factory = factory;
  }

  public Autoscaler create(Config c) {
    return factory.create(c);
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Autoscalers> byName(String name) {
    return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(Autoscalers::wireName).toList());
  }
}
