/**
 * The discrete-event core: requests, outcomes, the {@link io.replaygate.replay.core.PathSimulator} contract,
 * a deterministic event queue, per-path seeded randomness and the runner that feeds every path from one
 * pass over the trace.
 */
package io.replaygate.replay.core;
