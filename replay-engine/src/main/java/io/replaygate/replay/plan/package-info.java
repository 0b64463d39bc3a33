/**
 * Capacity planning against the gate ({@code replaygate plan}): a plan file names the dimensions of one BYOC path to
 * vary (GPU, tensor parallelism, replica count, router, eviction, price model, …); every configuration is one replay
 * of the trace beside the managed baseline, through the same gate {@code run} applies; the cheapest configuration that
 * passes every rule wins, and the frontier of monthly cost against SLO attainment is reported. Replica counts are
 * searched by bisection (the smallest fleet that meets the SLO), configurations that cannot hold the model are pruned,
 * and a grid larger than the budget is sampled with the plan's seed. Cells run on a pool; each has its own seed,
 * derived from the plan's seed and its configuration, so results do not depend on how many workers ran them.
 */
package io.replaygate.replay.plan;
