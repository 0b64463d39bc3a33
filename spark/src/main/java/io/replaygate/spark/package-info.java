/**
 * {@code replaygate plan} on an Apache Spark cluster: the plan's grid combinations become Spark tasks, each running
 * its cell (or replica bisection) through the same {@link io.replaygate.replay.plan.ReplayCell} the in-process pool
 * uses; the driver assembles them in grid order into the same {@code plan.parquet}. Spark is provided by the cluster.
 */
package io.replaygate.spark;
