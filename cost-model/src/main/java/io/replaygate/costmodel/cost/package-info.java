/**
 * A path's ledger priced under its terms: line items that add up to the total, the same cost per time
 * window (for the bootstrap), per tenant and per model path, $ per million tokens, and a monthly
 * projection whose rule is stated with it.
 */
package io.replaygate.costmodel.cost;
