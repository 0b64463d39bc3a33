package io.replaygate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.datasets.workload.Mix;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceFingerprint;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BundledSampleTest {

  /** SHA-256 over every field of every record, in order (what "the same trace" means). */
  static String fingerprint(TraceReader r) {
    try (r) {
      TraceFingerprint f = new TraceFingerprint(r.metadata());
      while (r.hasNext()) {
        f.add(r.next());
      }
      return f.hex();
    }
  }

  @Test
  void default_isOneFullOfficeWeek_inItsZone_withAConcentratedMixAndAnOpenWeightsHotLane() {
    ZoneId ny = ZoneId.of("America/New_York");
    long from = ZonedDateTime.of(2026, 1, 5, 0, 0, 0, 0, ny).toInstant().getEpochSecond() * 1_000_000L;
    long to = from + 7 * 86_400_000_000L;
    Map<String, Long> tokens = new HashMap<>();
    Set<String> tenants = new HashSet<>();
    long n = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (TraceReader r = BundledSample.DEFAULT.open()) {
      TraceMetadata m = r.metadata();
      assertEquals("America/New_York", m.timezone());
      assertEquals(DayOfWeek.MONDAY, BundledSample.DEFAULT.spec().start().atZone(ny).getDayOfWeek());
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        n++;
        first = Math.min(first, rec.arrivalUs());
        last = Math.max(last, rec.arrivalUs());
        tokens.merge(rec.modelPath(), (long) rec.inputTokens(), Long::sum);
        tenants.add(rec.tenant());
      }
    }
    assertTrue(first >= from && last < to, "inside Mon 00:00 – Sun 24:00 New York time");
    assertTrue(last - first > 6.9 * 86_400_000_000L, "spans the week");
    assertTrue(n > 10_000 && n < 30_000, "small enough for a quick default job: " + n);
    assertTrue(tokens.size() >= 6 && tokens.size() <= 10, tokens.keySet().toString());
    assertEquals(6, tenants.size());
    long total = tokens.values().stream().mapToLong(Long::longValue).sum();
    var top2 = tokens.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(2).toList();
    long top2Tokens = top2.stream().mapToLong(Map.Entry::getValue).sum();
    assertTrue((double) top2Tokens / total > 0.6, "top two carry most tokens");
    Set<String> open = new HashSet<>();
    Mix.LANES.stream().filter(Mix.MixLane::openWeights).forEach(l -> open.add(l.lane().modelPath()));
    assertTrue(top2.stream().anyMatch(e -> open.contains(e.getKey())), "an open-weights path among the top two: " + top2);
  }

  @Test
  void samples_fingerprints_arePinned() {
    // The bundled samples are part of the product: if a generator changes, these fingerprints must be
    // updated deliberately (and the change noted), never drift silently.
    assertEquals(CODING_AGENT_SHA256, fingerprint(BundledSample.CODING_AGENT.open()));
    assertEquals(DEFAULT_SHA256, fingerprint(BundledSample.DEFAULT.open()));
  }

  static final String CODING_AGENT_SHA256 = "5b7fbab48138858e7a056d43d0022c7df9a225117b903fe232fe06eece030c2b";
  static final String DEFAULT_SHA256 = "504a75bea55ce062589dc713aa0317e401c3208aab155e0a9ce0ec381496db81";
}
