package io.replaygate.datasets;

import io.replaygate.trace.TraceReader;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The samples that ship with replaygate, addressed as {@code sample:NAME} wherever a trace is read. Each
 * is a registered workload with fixed parameters and seed, generated when read (the build ships the
 * generator, not megabytes of hashes), so it is the same records on every machine: a test pins each
 * sample's fingerprint and proves it equals a fresh generation through {@code replaygate generate}.
 */
public enum BundledSample {
  /**
   * The default: one full week (Monday 00:00 to Sunday 24:00, America/New_York) of a coding-agent
   * platform — 6 tenants, 8 model paths (the top two, Claude Sonnet and an open-weights Llama 3.1 70B
   * coding lane, carry most tokens), office-hours curve with bursts.
   */
  DEFAULT("default", "one week (Mon 00:00–Sun 24:00, America/New_York) of a coding-agent platform mix: 6 tenants, "
      + "8 model paths, open-weights hot-lane candidate coding/llama-3.1-70b", "mix",
      new GenerationSpec(168.0, null, 0.03, 20_260_105L, Instant.parse("2026-01-05T05:00:00Z"),
          ZoneId.of("America/New_York"), GenerationSpec.DEFAULT_BLOCK_TOKENS), Map.of()),
  /** 2,000 requests of a small team's coding agents from 09:00 UTC on a Monday (a working day's worth). */
  CODING_AGENT("coding-agent", "2,000 coding-agent requests from Monday 09:00 UTC, 4 tenants, coding/claude-sonnet-4-5",
      "coding-agent",
      new GenerationSpec(null, 2_000L, 0.062, 20_260_105L, Instant.parse("2026-01-05T09:00:00Z"), ZoneId.of("UTC"),
          GenerationSpec.DEFAULT_BLOCK_TOKENS), Map.of("model_path", "coding/claude-sonnet-4-5",
          "model", "claude-sonnet-4-5-20250929"));

  public static final String SCHEME = "sample:";

  private final String wireName;
  private final String description;
  private final String workload;
  private final GenerationSpec spec;
  private final Map<String, String> params;

  BundledSample(String wireName, String description, String workload, GenerationSpec spec, Map<String, String> params) {
    this.wireName = wireName;
    this.description = description;
    this.workload = workload;
    this.spec = spec;
    this.params = params;
  }

  public String wireName() {
    return wireName;
  }

  public String description() {
    return description;
  }

  public String uri() {
    return SCHEME + wireName;
  }

  /** The workload that generates it. */
  public String workload() {
    return workload;
  }

  public GenerationSpec spec() {
    return spec;
  }

  /** The parameters set beyond the workload's defaults. */
  public Map<String, String> params() {
    return params;
  }

  /**
   * The {@code replaygate generate} arguments that write the same records to {@code out} (a test runs
   * them and compares the bytes with {@code convert sample:NAME}).
   */
  public java.util.List<String> generateArgs(String out) {
    java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("generate", workload, out));
    if (spec.hours() != null) {
      a.addAll(java.util.List.of("--hours", Param.format(spec.hours())));
    } else {
      a.addAll(java.util.List.of("--records", Long.toString(spec.records())));
    }
    a.addAll(java.util.List.of("--rate", Param.format(spec.rate()), "--seed", Long.toString(spec.seed()),
        "--start", spec.start().toString(), "--timezone", spec.zone().getId(),
        "--block-tokens", Integer.toString(spec.blockTokens())));
    new java.util.TreeMap<>(params).forEach((k, v) -> a.addAll(java.util.List.of("--param", k + "=" + v)));
    return a;
  }

  public TraceReader open() {
    return Workloads.open(workload, spec, params);
  }

  /** The sample a {@code sample:NAME} argument names; empty when the argument is not a sample URI. */
  public static Optional<BundledSample> fromUri(String arg) {
    if (!arg.startsWith(SCHEME)) {
      return Optional.empty();
    }
    String name = arg.substring(SCHEME.length()).toLowerCase(Locale.ROOT);
    for (BundledSample s : values()) {
      if (s.wireName.equals(name)) {
        return Optional.of(s);
      }
    }
    throw new IllegalArgumentException("unknown sample '" + name + "' (bundled: " + names() + ")");
  }

  public static String names() {
    StringBuilder sb = new StringBuilder();
    for (BundledSample s : values()) {
      sb.append(sb.isEmpty() ? "" : ", ").append(s.uri());
    }
    return sb.toString();
  }
}
