/**
 * The commercial terms of a path: how provider usage is discounted and committed (BYOK), and what a BYOC
 * cluster costs (GPU pools and their price models, credits, storage, egress, operations, platform fee,
 * engineering). Every default lives in {@link io.replaygate.costmodel.terms.PathTerms#MANAGED}.
 */
package io.replaygate.costmodel.terms;
