/**
 * The discrete-event core: requests, outcomes, the {@link io.replaygate.replay.core.PathSimulator} contract,
 * a deterministic event queue, per-path seeded randomness and the runner that feeds every path from one
 * pass over the trace; and the structures the caches and routers share: {@link io.replaygate.replay.core.PrefixTree}
 * (prompt prefixes as a radix tree of runs), primitive maps, the intrusive recency list.
 */
package io.replaygate.replay.core;
