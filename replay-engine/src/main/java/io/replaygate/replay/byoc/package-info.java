/**
 * The BYOC cluster simulator: deployments of replicas (continuous batching over a paged, prefix-cached KV cache with
 * host and pool tiers), routers, autoscalers and the gateway that overflows to a fallback.
 *
 * <p><b>Invariants</b>, each with the test that enforces it:
 * <ul>
 *   <li><b>Conservation.</b> Every request ends once — served by a replica, or sent to the fallback (overflowed,
 *       never fitting, or outside the lanes) — and a deployment's busy GPU-seconds never exceed its provisioned ones
 *       ({@code ClusterReplayTest.conservation_everyRequestOnce_busyWithinProvisioned}); a replica's GPU memory in use
 *       is its cached blocks plus the private blocks its sequences hold ({@code KvCacheRunsTest}).</li>
 *   <li><b>No oracle.</b> Routing sees what a gateway sees at arrival: a request's output length moves no pick
 *       ({@code RouterContractTest.pick_neverDependsOnTheOutputLength_noOracle}).</li>
 *   <li><b>Causality.</b> A replica never runs a request before it arrives (asserted when it is queued: the replica
 *       must have been advanced to the arrival), and a sequence generates tokens only once its prefill is done, its
 *       prefix loads included ({@code HostLoadTest}).</li>
 *   <li><b>Determinism.</b> The same trace, scenario and seed give byte-identical outputs
 *       ({@code ReplayCliTest.sameSeed_byteIdenticalSummary_otherSeed_differsOnlyInTheRandomFamilies}); every router
 *       picks the same for the same seed ({@code RouterContractTest.pick_isACandidate_andTheSameForTheSameSeed}).</li>
 *   <li><b>Exact time integrals.</b> Replica-, GPU- and block-seconds per window are integer sums, independent of how
 *       the simulation cut time into reports ({@code WindowValuesTest.exactSpread_cutIntoPiecesInAnyOrder_givesTheSameBits},
 *       {@code OccupancySeriesTest}); so an idle replica may be left unadvanced until it gets work or the run ends
 *       ({@code QuietSpanTest}).</li>
 *   <li><b>A replica's run does not depend on where it is cut.</b> Advanced to any times in between or only to the
 *       arrivals, it takes the same steps, finishes the same sequences at the same times and reports the same
 *       occupancy ({@code BulkDecodeRunsTest.advance_cutAnywhere_sameStepsFinishesAndOccupancy}); so at an arrival
 *       only the replicas the router reads ({@code Router.reads}; a pick reads no other:
 *       {@code RouterContractTest.pick_readsOnlyTheReplicasItSaysItReads}) and the one it picks are run up to it.
 *       Of those, a replica only decoding, with nothing waiting and no finish yet, is not run either: settled
 *       ({@code Replica.settledUntilUs}), it answers what a router reads as a run up to then would
 *       ({@code BulkDecodeRunsTest.settled_readBetweenRuns_answersAsARunUpToThen}). Every replica is run at an
 *       autoscaler's turn, at a spill, at the end, and at every arrival while a KV pool is shared.</li>
 * </ul>
 */
package io.replaygate.replay.byoc;
