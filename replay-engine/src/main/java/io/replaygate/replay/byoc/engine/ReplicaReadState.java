package io.replaygate.replay.byoc.engine;

import io.replaygate.replay.byoc.kv.KvCache;

/**
 * The fields of a {@link Replica} that are read for every replica of a deployment at every arrival: whether it is
 * settled (the deployment), its queue and its decode's KV (the router). They are declared in a class of their own
 * because the JVM lays a superclass's fields out before its subclass's: here they take the first 96 bytes of the
 * object, two cache lines, where among the replica's 270 bytes they were spread over four. A deployment of 240
 * replicas read at every arrival missed the processor's caches on each line it touched; on the 10M week the first
 * field read of a replica ({@code clockUs} in {@code stepsRunBy}) was a sixth of the Dynamo path's time.
 *
 * <p>Only layout: the fields mean what {@link Replica} says of them, and only it writes them.
 */
abstract sealed class ReplicaReadState permits Replica {
  final int id;
  final KvCache cache;
  long clockUs;
  /**
   * {@code Replica.settledUntilUs()}, kept as the replica changes (it changes only in {@code enqueue} and
   * {@code advance}): the deployment reads it for every replica at every arrival, and a field on the replica costs no
   * visit to its queues.
   */
  long settledUntilUs = Long.MAX_VALUE;
  /** Σ of the decoding sequences' context lengths (KV tokens a decode step reads). */
  long decodeContext;
  /** Sequences decoding now (one token each per step). */
  int decoding;
  /** Prompt tokens of the waiting sequences. */
  long queuedPrefillTokens;
  /**
   * Prefill tokens the running sequences still have to compute: Σ (target − done) over those not decoding, kept as
   * they change rather than summed for every router's question (one per replica per request).
   */
  long runningPrefillTokens;
  /**
   * Where {@code Replica.stepsRunBy} got to in the settled run since the replica last ran (a router reads it at every
   * arrival): whether it holds, the start of a run of equal steps, the steps taken before it, and its steps' µs and
   * length.
   */
  boolean peekValid;
  long peekStartUs;
  int peekDone;
  long peekUs;
  int peekSteps;

  ReplicaReadState(int id, KvCache cache) {
    this.id = id;
    this.cache = cache;
  }
}
