/**
 * What a replay writes: tidy Parquet tables ({@code outcomes.parquet}, {@code ledger.parquet}) and
 * {@code summary.json}, each written to a temporary file and renamed into place, so a failed run leaves
 * nothing partial behind.
 */
package io.replaygate.replay.output;
