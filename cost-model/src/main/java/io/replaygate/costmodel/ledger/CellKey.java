package io.replaygate.costmodel.ledger;

/**
 * One cell of the ledger: a path, a time window, a tenant, a model path and the priced target that served
 * it (a catalog id such as {@code anthropic/claude-sonnet-4-5}).
 *
 * @param fallback whether the target served this as a fallback (overflow, quota, outage)
 */
public record CellKey(String path, long window, String tenant, String modelPath, String target, boolean fallback) {}
