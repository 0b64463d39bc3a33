package io.replaygate.trace;

import java.util.Arrays;
import java.util.Objects;

/**
 * One request of the canonical trace, schema version 1 (DESIGN §5). Optional columns are {@code null}
 * when the source did not record them; {@code blockHashes} is {@code null} when the source has no block
 * hashes (an empty array means a prompt shorter than one block).
 *
 * @param arrivalUs        arrival time in µs: UTC epoch, or from trace start when {@link TimeOrigin#RELATIVE}
 * @param requestId        source request id
 * @param tenant           customer / project
 * @param modelPath        logical route such as {@code coding/sonnet}; readers default it per format
 * @param model            concrete model asked for
 * @param provider         provider that served it, if recorded
 * @param sessionId        conversation / agent session
 * @param inputTokens      prompt tokens
 * @param outputTokens     generated tokens
 * @param cachedTokens     prompt tokens the server reported as cache reads
 * @param cacheWriteTokens prompt tokens the server reported as cache writes
 * @param blockHashes      {@code blockHashes[i]} identifies the prompt prefix up to the end of block i
 *                         (block size {@link TraceMetadata#blockTokens()}); equal values mean equal prefixes
 * @param ttftMs           observed time to first token, ms
 * @param e2eMs            observed end-to-end latency, ms
 * @param status           {@code ok}, {@code error} or {@code rate_limited}
 * @param sloClass         e.g. {@code interactive}, {@code batch}
 */
public record TraceRecord(
    long arrivalUs,
    String requestId,
    String tenant,
    String modelPath,
    String model,
    String provider,
    String sessionId,
    int inputTokens,
    int outputTokens,
    Integer cachedTokens,
    Integer cacheWriteTokens,
    long[] blockHashes,
    Float ttftMs,
    Float e2eMs,
    String status,
    String sloClass) {

  /** The statuses the schema allows. */
  public static final java.util.Set<String> STATUSES = java.util.Set.of("ok", "error", "rate_limited");

  /** A record with only the required columns set. */
  public static TraceRecord of(long arrivalUs, String modelPath, int inputTokens, int outputTokens) {
    return new TraceRecord(arrivalUs, null, null, modelPath, null, null, null, inputTokens, outputTokens,
        null, null, null, null, null, null, null);
  }

  public TraceRecord withArrivalUs(long value) {
    return new TraceRecord(value, requestId, tenant, modelPath, model, provider, sessionId, inputTokens,
        outputTokens, cachedTokens, cacheWriteTokens, blockHashes, ttftMs, e2eMs, status, sloClass);
  }

  public TraceRecord withBlockHashes(long[] value) {
    return new TraceRecord(arrivalUs, requestId, tenant, modelPath, model, provider, sessionId, inputTokens,
        outputTokens, cachedTokens, cacheWriteTokens, value, ttftMs, e2eMs, status, sloClass);
  }

  public TraceRecord withModelPath(String value) {
    return new TraceRecord(arrivalUs, requestId, tenant, value, model, provider, sessionId, inputTokens,
        outputTokens, cachedTokens, cacheWriteTokens, blockHashes, ttftMs, e2eMs, status, sloClass);
  }

  /** Number of prompt blocks, 0 when the source has no block hashes. */
  public int blockCount() {
    return blockHashes == null ? 0 : blockHashes.length;
  }

  // Records compare arrays by reference; a trace record is a value, so compare the hashes' contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof TraceRecord r
        && arrivalUs == r.arrivalUs
        && inputTokens == r.inputTokens
        && outputTokens == r.outputTokens
        && Objects.equals(requestId, r.requestId)
        && Objects.equals(tenant, r.tenant)
        && Objects.equals(modelPath, r.modelPath)
        && Objects.equals(model, r.model)
        && Objects.equals(provider, r.provider)
        && Objects.equals(sessionId, r.sessionId)
        && Objects.equals(cachedTokens, r.cachedTokens)
        && Objects.equals(cacheWriteTokens, r.cacheWriteTokens)
        && Arrays.equals(blockHashes, r.blockHashes)
        && Objects.equals(ttftMs, r.ttftMs)
        && Objects.equals(e2eMs, r.e2eMs)
        && Objects.equals(status, r.status)
        && Objects.equals(sloClass, r.sloClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(arrivalUs, requestId, tenant, modelPath, model, provider, sessionId, inputTokens,
        outputTokens, cachedTokens, cacheWriteTokens, Arrays.hashCode(blockHashes), ttftMs, e2eMs, status,
        sloClass);
  }

  @Override
  public String toString() {
    return "TraceRecord[arrivalUs=" + arrivalUs + ", requestId=" + requestId + ", tenant=" + tenant
        + ", modelPath=" + modelPath + ", model=" + model + ", provider=" + provider + ", sessionId="
        + sessionId + ", inputTokens=" + inputTokens + ", outputTokens=" + outputTokens + ", cachedTokens="
        + cachedTokens + ", cacheWriteTokens=" + cacheWriteTokens + ", blockHashes="
        + Arrays.toString(blockHashes) + ", ttftMs=" + ttftMs + ", e2eMs=" + e2eMs + ", status=" + status
        + ", sloClass=" + sloClass + "]";
  }
}
