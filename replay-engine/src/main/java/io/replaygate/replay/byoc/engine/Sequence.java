package io.replaygate.replay.byoc.engine;

import io.replaygate.replay.core.Request;

/** A request's state on the replica serving it. Times are µs on the trace clock. */
public final class Sequence {
  final Request request;
  final long[] hashes;
  final long input;
  final int output;
  /** When the cluster received it (the request's arrival). */
  public final long arrivalUs;
  /** Private GPU blocks: prompt blocks not yet in the index, generated tokens. */
  long held;
  /** Engine blocks owned by the cached blocks this sequence pins. */
  long nodeOwned;
  /**
   * Leading trace blocks of the prompt this sequence pins in the replica's KV cache while it runs: those found on the
   * GPU at admission, then all of them once the prefill ends and commits the rest.
   */
  int gpuBlocks;
  long prefillTarget;
  long prefillDone;
  /** Prompt tokens scheduled in the step being run, 0 outside it. */
  long chunk;
  /** Tokens whose KV is already there at admission (cache hits of every tier). */
  long cachedAtAdmission;
  int generated;
  long readyUs;
  boolean decoding;
  public long admittedUs = -1;
  public long firstTokenUs = -1;
  public long finishUs = -1;
  /** Prompt tokens found in each tier at first admission. */
  public long gpuHitTokens;
  public long hostHitTokens;
  public long poolHitTokens;
  /** Trace blocks found cached at first admission (for the block hit ratio). */
  public int matchedTraceBlocks;
  public int preemptions;
  /** The replica that served it. */
  public Replica replica;

  public Sequence(Request request, long arrivalUs) {
    this.request = request;
    this.hashes = request.blocks();
    this.input = request.inputTokens();
    this.output = Math.max(1, request.outputTokens());
    this.arrivalUs = arrivalUs;
  }

  public Request request() {
    return request;
  }

  public long cachedTokens() {
    return gpuHitTokens + hostHitTokens + poolHitTokens;
  }

  /** Tokens whose KV this sequence holds now: the prompt plus what it generated. */
  long length() {
    return input + generated;
  }
}
