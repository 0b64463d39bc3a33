/**
 * The usage ledger the replay writes and the cost model prices: per path, per time window, per tenant and
 * model path, what was consumed from each priced target (tokens by class and tier, storage, requests),
 * plus GPU replica lifetimes and egress for BYOC paths.
 */
package io.replaygate.costmodel.ledger;
