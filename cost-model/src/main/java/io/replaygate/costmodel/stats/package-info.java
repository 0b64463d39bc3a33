/** Statistics for the verdict: the paired moving-block bootstrap of savings over time windows. */
package io.replaygate.costmodel.stats;
