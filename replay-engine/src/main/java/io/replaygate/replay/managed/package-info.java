/**
 * The {@code managed} and {@code byok} paths: requests routed per model path to a primary provider and its
 * backups, each with its prompt-cache semantics, rate limits, outage windows and latency model; BYOK adds
 * a key quota beyond which requests go to a fallback. Usage goes to the cost model's ledger, where the
 * path's terms price it.
 */
package io.replaygate.replay.managed;
