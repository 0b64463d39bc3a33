package io.replaygate.costmodel.catalog;

import java.util.Locale;

/** How a request was served: standard, or a provider's discounted/premium tier (priced by multiplier). */
public enum ServiceTier {
  STANDARD, BATCH, FLEX, PRIORITY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ServiceTier parse(String s) {
    for (ServiceTier t : values()) {
      if (t.wireName().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown service tier '" + s + "' (standard, batch, flex, priority)");
  }
}
