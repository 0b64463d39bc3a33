package io.replaygate.replay.byoc.kv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The eviction policies by name: adding one is a class and a line here. */
public enum EvictionPolicies {
  LRU(LruEviction::new),
  LFU(LfuEviction::new);

  private final Supplier<EvictionPolicy> factory;

  EvictionPolicies(Supplier<EvictionPolicy> factory) {
    this.factory = factory;
  }

  public EvictionPolicy create() {
    return factory.get();
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<EvictionPolicies> byName(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(EvictionPolicies::wireName).toList());
  }
}
