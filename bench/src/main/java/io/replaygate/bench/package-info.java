/**
 * JMH benchmarks (scan throughput per trace format, against DuckDB on the same data in the same run) and
 * the report printer {@code bench/run} uses.
 */
package io.replaygate.bench;
