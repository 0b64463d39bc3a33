package io.replaygate.replay.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.replaygate.trace.TraceRecord;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A purge moves a tenant's later prompts into a new namespace; nothing else changes. */
class PurgeNamespacesTest {
  static TraceRecord rec(long us, String tenant, long... hashes) {
    return new TraceRecord(us, null, tenant, "chat/main", null, null, null, 64 * hashes.length, 10, null, null, hashes,
        null, null, null, null);
  }

  @Test
  void apply_afterThePurge_remapsTheTenantOnly_keepingEqualPrefixesEqual() {
    PurgeNamespaces p = new PurgeNamespaces(List.of(new Scenario.Purge("acme", new TimeRef(null, 1_000L)),
        new Scenario.Purge("acme", new TimeRef(null, 5_000L))), 100);
    TraceRecord before = rec(500, "acme", 1, 2, 3);
    assertSame(before, p.apply(before), "before its purge (at 100 + 1,000 µs) a request is untouched");
    TraceRecord other = rec(2_000, "globex", 1, 2, 3);
    assertSame(other, p.apply(other), "other tenants are untouched");
    long[] a = p.apply(rec(2_000, "acme", 1, 2, 3)).blockHashes();
    long[] b = p.apply(rec(3_000, "acme", 1, 2, 9)).blockHashes();
    assertNotEquals(1L, a[0]);
    assertEquals(a[0], b[0], "equal prefixes in the new namespace still match");
    assertEquals(a[1], b[1]);
    assertNotEquals(a[2], b[2]);
    long[] c = p.apply(rec(6_000, "acme", 1, 2, 3)).blockHashes();
    assertNotEquals(a[0], c[0], "a second purge opens another namespace");
    assertArrayEquals(new long[] {1, 2, 3}, before.blockHashes(), "the record itself is not changed");
    assertEquals(Map.of("acme", 3L), p.requestsAfter());
  }
}
