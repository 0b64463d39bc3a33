package io.replaygate.replay.byoc.scale;

/**
 * What an autoscaler sees of its deployment at an evaluation.
 *
 * @param nowUs           the evaluation time (trace clock)
 * @param replicas        replicas provisioned (starting or serving, not draining)
 * @param meanTtftMs      mean TTFT of the requests that got their first token since the last evaluation
 *                        ({@code NaN} when none did)
 * @param waitingPerReplica requests queued ÷ serving replicas (0 when none serve)
 * @param turnedAway      requests offered to the deployment since the last evaluation that it could not take
 */
public record ScaleSignals(long nowUs, int replicas, double meanTtftMs, double waitingPerReplica, long turnedAway) {}
