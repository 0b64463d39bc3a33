/**
 * Workload generators and the bundled samples built from them (seeded, so a sample is the same bytes on
 * every machine). Depends on {@code trace-formats} only.
 */
package io.replaygate.datasets;
