package io.replaygate.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledSampleTest {
  @TempDir
  Path tmp;

  @Test
  void sample_isArrivalOrdered_keepsTheBlockRule_andSharesPrefixesWithinAPath() {
    Map<String, Long> firstBlockOfPath = new HashMap<>();
    long n = 0;
    long last = Long.MIN_VALUE;
    try (TraceReader r = BundledSample.CODING_AGENT.open()) {
      TraceMetadata m = r.metadata();
      while (r.hasNext()) {
        TraceRecord rec = r.next();
        n++;
        assertTrue(rec.arrivalUs() >= last);
        last = rec.arrivalUs();
        assertEquals((rec.inputTokens() + 63) / 64, rec.blockCount(), "ceil rule");
        assertTrue(m.blockCountRule().accepts(rec.blockCount(), rec.inputTokens(), m.blockTokens()));
        // Every session of a model path opens with the same shared prefix, so the same first block.
        Long first = firstBlockOfPath.putIfAbsent(rec.modelPath(), rec.blockHashes()[0]);
        if (first != null) {
          assertEquals(first, rec.blockHashes()[0], rec.modelPath());
        }
      }
    }
    assertEquals(2_000, n);
  }

  @Test
  void sample_fingerprint_isPinned() throws IOException, NoSuchAlgorithmException {
    // The bundled sample is part of the product: if the generator changes, this fingerprint must be
    // updated deliberately (and the change noted), never drift silently.
    Path out = tmp.resolve("sample.jsonl");
    try (TraceReader r = BundledSample.CODING_AGENT.open()) {
      TraceConverter.convert(r, out, OutputFormat.JSONL, null);
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(out)));
    assertEquals(SAMPLE_SHA256, sha);
  }

  static final String SAMPLE_SHA256 = "a37f7a968546c7b8ec39759d8f0cd6eb31ad849a61b9bc2cea5f9b524fd5f090";
}
