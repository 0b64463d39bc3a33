package io.replaygate.replay.byoc.gateway;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The gateway policies by name: adding one is a class and a line here. */
public enum GatewayPolicies {
  OVERFLOW(OverflowGateway::new),
  CAPACITY_ROUND_ROBIN(CapacityRoundRobinGateway::new);

  private final Supplier<GatewayPolicy> factory;

  GatewayPolicies(Supplier<GatewayPolicy> factory) {
    this.factory = factory;
  }

  public GatewayPolicy create() {
    return factory.get();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<GatewayPolicies> byName(String name) {
    return Arrays.stream(values()).filter(g -> g.wireName().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(GatewayPolicies::wireName).toList());
  }
}
