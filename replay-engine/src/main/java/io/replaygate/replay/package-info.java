/**
 * The replay engine: streams a trace once through several execution paths side by side (DESIGN §2) and
 * writes per-request outcomes and the cost model's usage ledger. {@code core} holds the discrete-event
 * plumbing, {@code cache} each provider's prompt-cache semantics, {@code managed} the managed and BYOK
 * paths, {@code scenario} what a run is asked to do, {@code output} the tidy tables it writes.
 */
package io.replaygate.replay;
