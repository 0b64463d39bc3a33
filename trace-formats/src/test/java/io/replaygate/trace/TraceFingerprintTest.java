package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The fingerprint is SHA-256 over the byte layout {@link TraceFingerprint} documents, whatever a record's length. */
class TraceFingerprintTest {
  private static final TraceMetadata META = TraceMetadata.promptHashed("canonical", 64, Capabilities.NONE);

  @Test
  void fingerprint_longAndShortPrompts_isTheDocumentedLayout() throws Exception {
    // 20,000 hashes cross the fingerprint's 64 KB buffer twice, at offsets that are not a whole number of hashes
    // from a record's start (the arrival and token counts come first).
    List<TraceRecord> records = List.of(
        new TraceRecord(1_000_000L, "r-1", "acme", "chat", "m", "p", "s-1", 1_280_000, 17, null, null,
            LongStream.range(0, 20_000).map(i -> i * 0x9E3779B97F4A7C15L).toArray(), null, null, "ok", "interactive"),
        TraceRecord.of(2_000_000L, "chat", 3, 1),
        TraceRecord.of(3_000_000L, "chat", 8192, 2).withBlockHashes(new long[] {-1L, 0L, Long.MIN_VALUE}));
    TraceFingerprint f = new TraceFingerprint(META);
    records.forEach(f::add);
    assertEquals(byHand(records), f.hex());
  }

  @Test
  void fingerprint_oneHashChanged_changes() {
    long[] a = LongStream.range(0, 9_000).toArray();
    long[] b = a.clone();
    b[8_190] ^= 1; // in the buffer's second fill
    assertNotEquals(of(TraceRecord.of(0, "chat", 1, 1).withBlockHashes(a)),
        of(TraceRecord.of(0, "chat", 1, 1).withBlockHashes(b)));
  }

  private static String of(TraceRecord r) {
    TraceFingerprint f = new TraceFingerprint(META);
    f.add(r);
    return f.hex();
  }

  /** The layout written out one field at a time: strings joined by '|', then big-endian numbers. */
  private static String byHand(List<TraceRecord> records) throws IOException, java.security.GeneralSecurityException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(META.toProperties().toString().getBytes(StandardCharsets.UTF_8));
    for (TraceRecord x : records) {
      out.write(String.join("|", String.valueOf(x.requestId()), x.tenant(), x.modelPath(), x.model(), x.provider(),
          x.sessionId(), x.status(), x.sloClass()).getBytes(StandardCharsets.UTF_8));
      out.writeLong(x.arrivalUs());
      out.writeInt(x.inputTokens());
      out.writeInt(x.outputTokens());
      for (long h : x.blockHashes() == null ? new long[0] : x.blockHashes()) {
        out.writeLong(h);
      }
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
  }
}
