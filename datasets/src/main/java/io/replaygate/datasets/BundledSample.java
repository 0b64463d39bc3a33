package io.replaygate.datasets;

import io.replaygate.trace.TraceReader;
import java.util.Locale;
import java.util.Optional;

/**
 * The samples that ship with replaygate, addressed as {@code sample:NAME} wherever a trace is read. Each
 * is a generator with fixed parameters and seed, so it is the same records on every machine (a test pins
 * its fingerprint).
 */
public enum BundledSample {
  /** One working day (09:00-18:10 UTC) of a small team's coding agents: 2,000 requests, 8 model paths, 4 tenants. */
  CODING_AGENT("coding-agent", "2,000 coding-agent requests over one working day (9 h), 8 model paths, 4 tenants",
      new CodingAgentWorkload.Parameters(2_000, 20_260_105L, 1_767_603_600_000_000L /* 2026-01-05T09:00Z */,
          12.0, 8, 4, 18.0, 12_288, 200_000));

  public static final String SCHEME = "sample:";
  public static final BundledSample DEFAULT = CODING_AGENT;

  private final String wireName;
  private final String description;
  private final CodingAgentWorkload.Parameters parameters;

  BundledSample(String wireName, String description, CodingAgentWorkload.Parameters parameters) {
    this.wireName = wireName;
    this.description = description;
    this.parameters = parameters;
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

  public TraceReader open() {
    return new CodingAgentWorkload(parameters);
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
