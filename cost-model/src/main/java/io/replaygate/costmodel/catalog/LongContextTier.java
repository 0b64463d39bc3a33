package io.replaygate.costmodel.catalog;

/**
 * A long-context price tier: a request whose prompt exceeds {@code aboveTokens} tokens is billed entirely
 * at these prices (prices the tier does not list are the model's standard ones).
 */
public record LongContextTier(long aboveTokens, TokenPrices prices) {}
