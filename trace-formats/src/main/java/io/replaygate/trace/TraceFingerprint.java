package io.replaygate.trace;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What "the same trace" means: SHA-256 over the metadata and every field of every record, in order — so the
 * same traffic fingerprints the same whether it was read from Parquet, Arrow or JSONL, and any change to a
 * request changes it. Per record: the string fields joined by {@code |} (UTF-8, {@code null} as
 * {@code "null"}), then arrival (µs), input and output tokens and every block hash as big-endian integers.
 */
public final class TraceFingerprint {
  private final MessageDigest md;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

  public TraceFingerprint(TraceMetadata metadata) {
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
    md.update(metadata.toProperties().toString().getBytes(StandardCharsets.UTF_8));
  }

  public void add(TraceRecord x) {
    md.update(String.join("|", String.valueOf(x.requestId()), x.tenant(), x.modelPath(), x.model(), x.provider(),
        x.sessionId(), x.status(), x.sloClass()).getBytes(StandardCharsets.UTF_8));
    buf.clear();
    buf.putLong(x.arrivalUs()).putInt(x.inputTokens()).putInt(x.outputTokens());
    long[] hashes = x.blockHashes();
    if (hashes != null) {
      for (int i = 0; i < hashes.length; ) { // in bulk, as many as the buffer takes: the same bytes as one at a time
        int n = Math.min(hashes.length - i, buf.remaining() / Long.BYTES);
        if (n == 0) {
          md.update(buf.flip());
          buf.clear();
          continue;
        }
        buf.asLongBuffer().put(hashes, i, n);
        buf.position(buf.position() + n * Long.BYTES);
        i += n;
      }
    }
    md.update(buf.flip());
  }

  /** The digest, lower-case hex (the fingerprint can be read once). */
  public String hex() {
    return HexFormat.of().formatHex(md.digest());
  }
}
