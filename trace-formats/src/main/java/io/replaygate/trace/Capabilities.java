package io.replaygate.trace;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a source recorded, so consumers know which analyses it supports (a trace without block hashes
 * cannot show prefix reuse; one without observed cache usage cannot be reconciled with a bill).
 *
 * @param blockHashes        records carry {@code block_hashes}
 * @param sessions           records carry {@code session_id}
 * @param observedCacheUsage records carry provider-reported {@code cached_tokens} / {@code cache_write_tokens}
 * @param observedLatency    records carry {@code ttft_ms} / {@code e2e_ms}
 * @param tenants            records carry {@code tenant}
 * @param models             records carry the concrete {@code model}
 */
public record Capabilities(
    boolean blockHashes,
    boolean sessions,
    boolean observedCacheUsage,
    boolean observedLatency,
    boolean tenants,
    boolean models) {

  public static final Capabilities NONE = new Capabilities(false, false, false, false, false, false);

  private static final List<String> NAMES =
      List.of("block_hashes", "sessions", "observed_cache_usage", "observed_latency", "tenants", "models");

  /** The names of the capabilities present, in a fixed order (the wire form is these joined by commas). */
  public List<String> names() {
    boolean[] flags = {blockHashes, sessions, observedCacheUsage, observedLatency, tenants, models};
    List<String> out = new ArrayList<>();
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        out.add(NAMES.get(i));
      }
    }
    return out;
  }

  public String wireForm() {
    return String.join(",", names());
  }

  /**
   * Parses the wire form; {@code null} for an unknown name.
   *
   * @throws IllegalArgumentException naming the unknown capability
   */
  public static Capabilities parse(String wire) {
    Set<String> present = new LinkedHashSet<>();
    if (wire != null && !wire.isBlank()) {
      for (String part : wire.split(",")) {
        String name = part.trim().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(name)) {
          throw new IllegalArgumentException("unknown capability '" + part.trim() + "' (known: " + NAMES + ")");
        }
        present.add(name);
      }
    }
    return new Capabilities(present.contains("block_hashes"), present.contains("sessions"),
        present.contains("observed_cache_usage"), present.contains("observed_latency"),
        present.contains("tenants"), present.contains("models"));
  }

  /** Capabilities of a trace combining this one's records with {@code other}'s: only what both record. */
  public Capabilities intersect(Capabilities other) {
    return new Capabilities(blockHashes && other.blockHashes, sessions && other.sessions,
        observedCacheUsage && other.observedCacheUsage, observedLatency && other.observedLatency,
        tenants && other.tenants, models && other.models);
  }
}
